#!/usr/bin/env python3
"""`vitec-connect api OPERATION_ID --csv FILE` over loopback HTTP: one call per row, columns
mapped onto path and query parameters and (dotted) body members, bad rows into the failed-rows
file with nothing sent for them.

Usage: api_csv.py PATH/TO/vitec-connect

The server and the helpers are api.py's. Python 3 standard library only.
"""

import http.server
import json
import os
import stat
import tempfile
import threading

import api
from api import EXIT_INVALID, EXIT_USAGE, answers, expect, received, run


def write(work, name, text):
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


def sent_since(before):
    return received[before:]


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_put_with_path_ids(work):
    """crm: a PUT whose path ids and body members come from each row's columns."""
    for estate in ("E1", "E2"):
        answers[("PUT", "/CRM/Economy/M1/Estate/%s/deposit" % estate)] = (200, "D-" + estate)
    rows = write(work, "deposits.csv",
                 "CustomerId,estateId,paidAt,reportedAt\r\n"
                 "M1,E1,2024-04-28T02:14:22+02:00,\r\n"
                 "M1,E2,,2024-05-01T00:00:00\r\n")
    before = len(received)
    out, _ = run(0, "api", "PUT-CRM-Economy-customerId-Estate-estateId-deposit", "--csv", rows)
    calls = sorted(sent_since(before), key=lambda r: r[1])
    expect([(c[0], c[1]) for c in calls] ==
           [("PUT", "/CRM/Economy/M1/Estate/E1/deposit"),
            ("PUT", "/CRM/Economy/M1/Estate/E2/deposit")], "PUTs %r" % calls)
    first, second = (json.loads(c[3]) for c in calls)
    expect(list(first) == ["paidAt"] and first["paidAt"].startswith("2024-04-28T02:14:22"),
           "body of E1: %r" % first)
    expect(list(second) == ["reportedAt"] and second["reportedAt"].startswith("2024-05-01"),
           "body of E2: %r" % second)
    expect("sent 2 row(s): 2 succeeded, 0 failed" in out, "summary: " + out)
    expect(not os.path.exists(rows + ".failed.csv"), "a failed-rows file without failures")


def test_post_with_nested_members(work):
    """contacts: dotted columns fill a nested member; a bad cell and an over-long text fail their
    rows without a request while the good rows go."""
    answers[("POST", "/Contacts/UpdatePerson")] = (200, "C9")
    rows = write(work, "people.csv",
                 "customerId,firstName,address.city,Address.ZipCode,leadScore,approval,"
                 "categoryIds,cellPhone\n"
                 'M1,Anna,Stockholm,111 22,5,yes,"[""K1"",""K2""]",070\n'
                 "M1,Bo,,,many,,,070\n"
                 "M1,%s,,,,,,070\n"
                 "M1,Cecilia,Göteborg,,,false,,070\n" % ("x" * 31))
    failed = os.path.join(work, "people-failed.csv")
    before = len(received)
    out, err = run(EXIT_INVALID, "api", "POST-Contacts-UpdatePerson", "--csv", rows,
                   "--failed", failed, "--max-in-flight", "2")
    bodies = sorted((json.loads(c[3]) for c in sent_since(before)),
                    key=lambda b: b["firstName"])
    expect(bodies == [{"customerId": "M1", "firstName": "Anna",
                       "address": {"city": "Stockholm", "zipCode": "111 22"}, "leadScore": 5,
                       "approval": True, "categoryIds": ["K1", "K2"], "cellPhone": "070"},
                      {"customerId": "M1", "firstName": "Cecilia",
                       "address": {"city": "Göteborg"}, "approval": False, "cellPhone": "070"}],
           "bodies %r" % bodies)
    expect("sent 4 row(s): 2 succeeded, 2 failed" in out, "summary: " + out)
    expect("people.csv:3: invalid row: leadScore is not an integer" in err, "stderr: " + err)
    expect("people.csv:4:" in err and "firstName" in err, "stderr: " + err)
    expect(mode_of(failed) == 0o600, "failed-rows file mode %o" % mode_of(failed))
    with open(failed, encoding="utf-8", newline="") as f:
        lines = f.read().splitlines()
    expect(lines[0] == "customerId,firstName,address.city,Address.ZipCode,leadScore,approval,"
                      "categoryIds,cellPhone,error", "header " + lines[0])
    expect(len(lines) == 3 and lines[1].startswith("M1,Bo,,,many,,,070,") and
           "leadScore" in lines[1] and lines[2].startswith("M1," + "x" * 31), "rows %r" % lines)

    # Fixed and fed back (the error column stays): both go, and the file is removed.
    write(work, "people-failed.csv",
          lines[0] + "\nM1,Bo,,,7,,,070,old reason\nM1,Dan,,,,,,070,old reason\n")
    before = len(received)
    out, _ = run(0, "api", "POST-Contacts-UpdatePerson", "--csv", failed)
    expect(sorted(json.loads(c[3])["firstName"] for c in sent_since(before)) == ["Bo", "Dan"],
           "fed back: %r" % sent_since(before))
    expect(not os.path.exists(failed + ".failed.csv"), out)


def test_fixed_parameters_and_query(work):
    """viewing: a parameter for every row on the command line; report: query columns."""
    answers[("PUT", "/ViewingParticipant/M1")] = (200, True)
    rows = write(work, "follow_ups.csv",
                 "contactId,viewingId,participated,contacted\nC1,V1,true,No\nC2,V1,0,\n")
    before = len(received)
    out, _ = run(0, "api", "PUT-ViewingParticipant-customerId", "customerId=M1", "--csv", rows)
    bodies = sorted((json.loads(c[3]) for c in sent_since(before)), key=lambda b: b["contactId"])
    expect(bodies == [{"contactId": "C1", "viewingId": "V1", "participated": True,
                       "contacted": "No"},
                      {"contactId": "C2", "viewingId": "V1", "participated": False}],
           "bodies %r" % bodies)

    answers[("GET", "/Report/Budget/M1/Commission")] = (200, [])
    rows = write(work, "years.csv", "customerId,FromYear,toYear\nM1,2023,2024\nM1,2025,\n")
    before = len(received)
    run(0, "api", "GET-Report-Budget-customerId-Commission", "--csv", rows, "--max-in-flight", "1")
    expect([c[2] for c in sent_since(before)] == [{"fromYear": "2023", "toYear": "2024"},
                                                  {"fromYear": "2025"}],
           "queries %r" % sent_since(before))


def test_refused_before_sending(work):
    before = len(received)
    for header, named in (("customerId,firstName,colour", "colour"),
                          ("customerId,firstName.first", "firstName"),
                          ("customerId,address,address.city", "address"),
                          ("customerId,address.nowhere", "nowhere")):
        rows = write(work, "bad.csv", header + "\n" + ",".join(["M1"] * header.count(",")) +
                     ",x\n")
        _, err = run(EXIT_USAGE, "api", "POST-Contacts-UpdatePerson", "--csv", rows)
        expect(named in err, "%s: the column is not named: %s" % (header, err))
        expect(not os.path.exists(rows + ".failed.csv"), "a failed-rows file for " + header)
    rows = write(work, "good.csv", "customerId,firstName,cellPhone\nM1,Anna,070\n")
    _, err = run(EXIT_USAGE, "api", "POST-Contacts-UpdatePerson", "--csv", rows, "--body", rows)
    expect("--body" in err, err)
    rows = write(work, "ids.csv", "customerId,estateId\nM1,E1\n")
    _, err = run(EXIT_USAGE, "api", "PUT-CRM-Economy-customerId-Estate-estateId-deposit",
                 "customerid=M2", "--csv", rows)
    expect("customerId" in err, err)
    rows = write(work, "get.csv", "customerId,fromYear,colour\nM1,2023,red\n")
    _, err = run(EXIT_USAGE, "api", "GET-Report-Budget-customerId-Commission", "--csv", rows)
    expect("colour" in err and "takes no body" in err, err)
    expect(len(received) == before, "a refused file sent %d requests" % (len(received) - before))


def test_dry_run(work):
    rows = write(work, "dry.csv",
                 "customerId,firstName,leadScore,cellPhone\nM1,Anna,1,070\nM1,Bo,x,070\n")
    before = len(received)
    out, err = run(EXIT_INVALID, "api", "POST-Contacts-UpdatePerson", "--csv", rows,
                   "--dry-run")
    expect(len(received) == before, "a dry run sent requests")
    expect(out.count("POST http://") == 1 and '"firstName":"Anna"' in out, "printed " + out)
    expect("dry.csv:3: invalid row: leadScore" in err, "stderr " + err)
    expect(not os.path.exists(rows + ".failed.csv"), "a dry run wrote the failed-rows file")


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), api.Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api.ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
               "VITEC_CONNECT_BASE_URL": "http://127.0.0.1:%d" % server.server_address[1],
               "VITEC_CONNECT_USERNAME": "demo", "VITEC_CONNECT_PASSWORD": "demo-password"}
    with tempfile.TemporaryDirectory() as work:
        test_put_with_path_ids(work)
        test_post_with_nested_members(work)
        test_fixed_parameters_and_query(work)
        test_refused_before_sending(work)
        test_dry_run(work)
    server.shutdown()
    print("ok")


if __name__ == "__main__":
    main()
