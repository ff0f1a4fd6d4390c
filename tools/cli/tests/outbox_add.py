#!/usr/bin/env python3
"""`vitec-connect outbox add OPERATION_ID NAME=VALUE ... [--body FILE|-]`, and --db before or
after the outbox subcommand.

Usage: outbox_add.py PATH/TO/vitec-connect PATH/TO/vitec-connect-stand-in

Writes of any area are added and listed without a server; refused ones exit 3 and store nothing;
a 0.2 write added by its id drains to the stand-in. Python 3 standard library only.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time

CLI = os.path.realpath(sys.argv[1])
STAND_IN = os.path.realpath(sys.argv[2])
EXIT_USAGE, EXIT_INVALID = 2, 3


def fail(text):
    print("FAIL: " + text, file=sys.stderr)
    sys.exit(1)


def expect(condition, text):
    if not condition:
        fail(text)


def run(expected, *args, stdin=None, env=None):
    """Runs the CLI; returns (stdout, stderr)."""
    done = subprocess.run([CLI, *args], capture_output=True, text=True, input=stdin,
                          env=env or ENV, check=False)
    if done.returncode != expected:
        fail("vitec-connect %s exited %d, expected %d\nstdout: %s\nstderr: %s" % (
            " ".join(args), done.returncode, expected, done.stdout, done.stderr))
    return done.stdout, done.stderr


def pending(db):
    out, _ = run(0, "outbox", "status", "--db", db)
    found = re.search(r"^pending: (\d+)$", out, re.M)
    expect(found, "status printed no pending count: " + out)
    return int(found.group(1))


def test_add_by_operation_id(work):
    db = os.path.join(work, "writes.db")
    body = os.path.join(work, "profile.json")
    with open(body, "w", encoding="utf-8") as f:
        json.dump({"areaIds": ["A1"], "isAutomaticProfile": True}, f)
    out, _ = run(0, "outbox", "--db", db, "add",
                 "PUT-CRM-Contact-customerId-SearchProfile-Commercial-id", "customerId=M1",
                 "id=S1", "--body", body)
    expect(out.strip() == "1", "the first item's id is not printed: %r" % out)
    # --db after the subcommand, and after the item's own words.
    out, _ = run(0, "outbox", "add", "DELETE-CRM-Bid-customerId-id", "customerId=M1", "id=B1",
                 "--db", db)
    expect(out.strip() == "2", "the second item's id is not printed: %r" % out)
    out, _ = run(0, "outbox", "add", "--db=" + db, "POST-CRM-Contact-customerId-contactId-Verify",
                 "customerId=M1", "contactId=C1", "--body", "-",
                 stdin='{"verificationMethod": "BankId"}')
    expect(out.strip() == "3", "the third item's id is not printed: %r" % out)
    expect(pending(db) == 3, "three items are not pending")
    expect(oct(os.stat(db).st_mode & 0o777) == "0o600", "the outbox file is not private")

    refused = [
        (["POST-CRM-Bid-customerId-estateId-contactId", "customerId=M1", "estateId=E1",
          "contactId=C1", "--body", "-"], "{}", "not a write safe to send again"),
        (["GET-CRM-Bid-customerId-id", "customerId=M1", "id=B1"], None,
         "not a write safe to send again"),
        (["POST-Service-Order-Token-customerId", "customerId=M1", "--body", "-"],
         '{"data": "t"}', "answers nothing, a boolean or an id"),
        (["PUT-No-Such-Thing", "customerId=M1"], None, "PUT-No-Such-Thing"),
        (["DELETE-CRM-Bid-customerId-id", "customerId=M1"], None, "id is required"),
        (["DELETE-CRM-Bid-customerId-id", "customerId=M1", "id=B1", "bidId=X"], None, "bidId"),
        (["PUT-CRM-Contact-customerId-SearchProfile-Commercial-id", "customerId=M1", "id=S1",
          "--body", "-"], '{"areaIdz": ["A1"]}', "areaIdz"),
        (["PUT-CRM-Contact-customerId-SearchProfile-Commercial-id", "customerId=M1", "id=S1",
          "--body", "-"], '{"isAutomaticProfile": "yes"}', "isAutomaticProfile"),
    ]
    for words, stdin, naming in refused:
        _, err = run(EXIT_INVALID, "outbox", "--db", db, "add", *words, stdin=stdin)
        expect(naming in err, "%s: the refusal does not name %r: %s" % (words[0], naming, err))
    run(EXIT_USAGE, "outbox", "--db", db, "add", "DELETE-CRM-Bid-customerId-id", "customerId")
    expect(pending(db) == 3, "a refused item was stored")
    out, _ = run(0, "outbox", "--db", db, "dead-letters")
    expect("0 dead letter(s)" in out, "dead letters after adding: " + out)


def test_db_before_or_after_the_subcommand(work):
    db = os.path.join(work, "either.db")
    run(0, "outbox", "add", "PUT-CRM-Contact-customerId-SearchProfile-Extend-contactId",
        "customerId=M1", "contactId=C1", "--db", db)
    before, _ = run(0, "outbox", "--db", db, "status")
    after, _ = run(0, "outbox", "status", "--db", db)
    expect("pending: 1" in before and before == after,
           "status differs by where --db stands:\n%s\n%s" % (before, after))
    run(0, "outbox", "dead-letters", "--db", db)
    _, err = run(EXIT_USAGE, "outbox", "status")
    expect("--db" in err, "a missing --db is not named: " + err)


def test_a_0_2_write_added_by_id_drains(work):
    log = open(os.path.join(work, "stand_in.log"), "w+", encoding="utf-8")
    stand_in = subprocess.Popen([STAND_IN, "--port", "0", "--log"], stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        url = None
        for _ in range(100):
            log.seek(0)
            found = re.search(r"http://127\.0\.0\.1:\d+", log.read())
            if found:
                url = found.group(0)
                break
            time.sleep(0.1)
        expect(url, "the stand-in did not start")
        env = dict(ENV, VITEC_CONNECT_BASE_URL=url, VITEC_CONNECT_USERNAME="demo",
                   VITEC_CONNECT_PASSWORD="demo-password")
        db = os.path.join(work, "viewing.db")
        run(0, "outbox", "--db", db, "add", "PUT-ViewingParticipant-customerId", "customerId=M1",
            "--body", "-", stdin='{"contactId": "C1", "viewingId": "V1", "participated": true}')
        out, _ = run(0, "outbox", "drain", "--db", db, env=env)
        expect("drained: 1 sent, 0 dead" in out, "the drain did not send it: " + out)
        log.seek(0)
        expect("PUT /ViewingParticipant/M1" in log.read().replace("stand-in: ", ""),
               "the stand-in did not receive the PUT")
    finally:
        stand_in.terminate()
        stand_in.wait()
        log.close()


def main():
    global ENV
    with tempfile.TemporaryDirectory() as work:
        ENV = {k: v for k, v in os.environ.items() if not k.startswith("VITEC_CONNECT_")}
        ENV["NO_COLOR"] = "1"
        test_add_by_operation_id(work)
        test_db_before_or_after_the_subcommand(work)
        test_a_0_2_write_added_by_id_drains(work)
    print("ok")


ENV = {}

if __name__ == "__main__":
    main()
