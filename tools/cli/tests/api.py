#!/usr/bin/env python3
"""`vitec-connect api`, `operations` and `describe` over loopback HTTP.

Usage: api.py PATH/TO/vitec-connect

The stand-in knows only a few operations, so the server here is a small one of the standard
library's: it records each request and answers what the test put in `answers` for its method and
path. Python 3 standard library only.
"""

import base64
import http.server
import json
import os
import pty
import subprocess
import sys
import tempfile
import threading
import urllib.parse

CLI = os.path.realpath(sys.argv[1])
EXIT_ANSWERED_FALSE, EXIT_USAGE, EXIT_INVALID, EXIT_SERVER, EXIT_NOT_FOUND = 1, 2, 3, 7, 13

received = []  # (method, path, query dict, body text, headers)
answers = {}   # (method, path) -> (status, JSON document)


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        received.append((self.command, url.path, dict(urllib.parse.parse_qsl(url.query)), body,
                         dict(self.headers)))
        answer = answers.get((self.command, url.path), (404, {"message": "no such"}))
        query = dict(urllib.parse.parse_qsl(url.query))
        status, document = answer(query) if callable(answer) else answer
        data = json.dumps(document).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = answer

    def log_message(self, *args):  # quiet: the test reports what matters
        pass


def fail(text):
    print("FAIL: " + text, file=sys.stderr)
    sys.exit(1)


def run(expected, *args, stdin=None):
    """Runs the CLI with stdout piped; returns (stdout, stderr)."""
    done = subprocess.run([CLI, *args], capture_output=True, text=True, input=stdin, env=ENV,
                          check=False)
    if done.returncode != expected:
        fail("vitec-connect %s exited %d, expected %d\nstdout: %s\nstderr: %s" % (
            " ".join(args), done.returncode, expected, done.stdout, done.stderr))
    return done.stdout, done.stderr


def run_on_terminal(*args):
    """Runs the CLI with stdout on a pseudo-terminal; returns what it printed there."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([CLI, *args], stdout=follower, stderr=subprocess.PIPE, env=ENV)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(leader)
    if process.returncode != 0:
        fail("vitec-connect %s exited %d: %s" % (" ".join(args), process.returncode,
                                                 process.stderr.read().decode()))
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def expect(condition, text):
    if not condition:
        fail(text)


def last_request():
    expect(received, "no request arrived")
    return received[-1]


def test_get_with_path_and_query():
    bids = [{"id": "B1", "estateId": "E1", "contactId": "C1", "amount": "2500000",
             "isCanceled": False},
            {"id": "B2", "estateId": "E1", "contactId": "C1", "amount": "2600000",
             "isCanceled": True}]
    answers[("GET", "/CRM/Bids/M1")] = (200, bids)
    # Names in any case: the page writes EstateId; the wire carries the page's spelling.
    out, _ = run(0, "api", "GET-CRM-Bids-customerId", "customerid=M1", "estateId=E1",
                 "ContactId=C 1")
    method, path, query, body, headers = last_request()
    expect((method, path, query, body) == ("GET", "/CRM/Bids/M1",
                                           {"EstateId": "E1", "ContactId": "C 1"}, ""),
           "GET arrived as %r" % ((method, path, query, body),))
    expect(headers.get("Authorization") ==
           "Basic " + base64.b64encode(b"demo:demo-password").decode(), "no credentials sent")
    printed = json.loads(out)
    expect(len(out.strip().splitlines()) == 1, "piped output is not one line: " + out)
    expect([b["id"] for b in printed] == ["B1", "B2"] and printed[1]["isCanceled"] is True,
           "printed %r" % printed)
    # On a terminal a list of objects is a table, unless --json.
    table = run_on_terminal("api", "GET-CRM-Bids-customerId", "customerId=M1")
    lines = table.splitlines()
    expect("amount" in lines[0] and "id" in lines[0], "no header: " + table)
    expect(any("B1" in line and "2500000" in line for line in lines[1:]), "no row B1: " + table)
    pretty = run_on_terminal("api", "GET-CRM-Bids-customerId", "customerId=M1", "--json")
    expect(json.loads(pretty)[0]["id"] == "B1" and "\n  " in pretty, "not pretty: " + pretty)

    # Another area, integer query parameters.
    answers[("GET", "/Report/Budget/M1/Commission")] = (200, [])
    out, _ = run(0, "api", "GET-Report-Budget-customerId-Commission", "customerId=M1",
                 "FROMYEAR=2024", "toYear=2025")
    expect(last_request()[2] == {"fromYear": "2024", "toYear": "2025"},
           "query %r" % (last_request()[2],))
    expect(json.loads(out) == [], "printed " + out)


def test_post_and_put_with_a_body(work):
    answers[("POST", "/CRM/Bid/M1/E1/C1")] = (200, "B9")
    bid = os.path.join(work, "bid.json")
    with open(bid, "w", encoding="utf-8") as f:
        json.dump({"alias": "Anna", "amount": "2500000", "isHidden": False}, f)
    out, _ = run(0, "api", "POST-CRM-Bid-customerId-estateId-contactId", "customerId=M1",
                 "estateId=E1", "contactId=C1", "--body", bid)
    method, path, _, body, _ = last_request()
    expect((method, path) == ("POST", "/CRM/Bid/M1/E1/C1"), "POST arrived as %s %s" % (method,
                                                                                        path))
    expect(json.loads(body) == {"alias": "Anna", "amount": "2500000", "isHidden": False},
           "body " + body)
    expect(json.loads(out) == "B9", "printed " + out)

    # A PUT of another area, its body from standard input; the answer false exits 1.
    answers[("PUT", "/Service/Order/UserInteraction/M1")] = (200, False)
    out, _ = run(EXIT_ANSWERED_FALSE, "api", "PUT-Service-Order-UserInteraction-customerId",
                 "customerId=M1", "--body", "-",
                 stdin='{"id": "O1", "url": "https://example.com/o/1", "comment": "Sign"}')
    method, path, _, body, _ = last_request()
    expect((method, path) == ("PUT", "/Service/Order/UserInteraction/M1"), "PUT " + path)
    expect(json.loads(body)["url"] == "https://example.com/o/1", "body " + body)
    expect(out.strip() == "false", "printed " + out)


def test_refused_before_sending(work):
    before = len(received)
    _, err = run(EXIT_INVALID, "api", "POST-CRM-Bid-customerId-estateId-contactId",
                 "customerId=M1", "estateId=E1", "contactId=C1", "--body", "-",
                 stdin='{"alias": "Anna", "amout": "1"}')
    expect("amout" in err, "the misspelt member is not named: " + err)
    _, err = run(EXIT_INVALID, "api", "POST-Contacts-UpdatePerson", "--body", "-",
                 stdin=json.dumps({"customerId": "M1", "contactId": "C1",
                                   "firstName": "x" * 31}))
    expect("firstName" in err, "the over-long member is not named: " + err)
    _, err = run(EXIT_INVALID, "api", "GET-CRM-Bids-customerId", "customerId=M1", "Colour=red")
    expect("Colour" in err, "the unknown parameter is not named: " + err)
    run(EXIT_USAGE, "api", "GET-No-Such-Operation", "customerId=M1")
    run(EXIT_USAGE, "api", "GET-CRM-Bids-customerId", "customerId")
    not_json = os.path.join(work, "not.json")
    with open(not_json, "w", encoding="utf-8") as f:
        f.write("{alias")
    run(EXIT_USAGE, "api", "POST-CRM-Bid-customerId-estateId-contactId", "customerId=M1",
        "estateId=E1", "contactId=C1", "--body", not_json)
    expect(len(received) == before, "a refused call sent %d requests" % (len(received) - before))


def test_not_found():
    _, err = run(EXIT_NOT_FOUND, "api", "GET-CRM-Bids-customerId", "customerId=NOPE")
    expect("404" in err, "stderr " + err)


def test_operations():
    out, _ = run(0, "operations", "--area", "crm", "--json")
    crm = json.loads(out)
    expect(len(crm) == 101, "%d crm operations" % len(crm))
    bids = next(op for op in crm if op["id"] == "GET-CRM-Bids-customerId")
    expect(bids["method"] == "GET" and bids["answer"] == "list of Bid_Bid" and
           [p["name"] for p in bids["parameters"]] == ["customerId", "EstateId", "ContactId"],
           "GET-CRM-Bids-customerId: %r" % bids)
    out, _ = run(0, "operations")
    expect(len(out.splitlines()) == 174, "%d lines" % len(out.splitlines()))
    expect("POST-CRM-Bid-customerId-estateId-contactId\tPOST\tCRM/Bid/{customerId}/{estateId}/"
           "{contactId}\tcustomerId,estateId,contactId\tBid_BidData\tstring" in out.splitlines(),
           "no tab-separated line for POST-CRM-Bid")
    run(EXIT_USAGE, "operations", "--area", "nowhere")


def test_describe():
    out, _ = run(0, "describe", "Crm_CrmPersonContact")
    for text in ("firstName", "length 0-30", "Förnamn", "api::CrmPersonContact", "Personkontakt"):
        expect(text in out, "describe Crm_CrmPersonContact lacks %r:\n%s" % (text, out))
    by_cpp, _ = run(0, "describe", "crmpersoncontact")
    expect(by_cpp == out, "the C++ name describes something else")
    out, _ = run(0, "describe", "POST-Contacts-UpdatePerson")
    for text in ("POST Contacts/UpdatePerson", "Body: Update_UpdatePerson", "Answer: string"):
        expect(text in out, "describe POST-Contacts-UpdatePerson lacks %r:\n%s" % (text, out))
    out, _ = run(0, "describe", "GET-CRM-Bids-customerId")
    expect("EstateId" in out and "query" in out and "Answer: list of Bid_Bid" in out, out)
    out, _ = run(0, "describe", "Update_UpdatePerson", "--json")
    first = next(f for f in json.loads(out)["fields"] if f["json"] == "firstName")
    expect(first["max_length"] == 30, "firstName: %r" % first)
    _, err = run(EXIT_USAGE, "describe", "PersonContac")
    expect("Crm_CrmPersonContact" in err, "no near name: " + err)


def test_all_pages():
    """--all-pages: every row of a paged list, one JSON line each, a page at a time."""
    def page(query):
        index, size = int(query["paging.pageIndex"]), int(query["paging.pageSize"])
        if index == 2:
            return 503, {"message": "down"}
        rows = [{"id": "O%d" % i, "customerId": "M1"}
                for i in range(index * size, min(index * size + size, 5))]
        return 200, {"index": index, "count": 2, "totalRowCount": 5, "rows": rows}
    answers[("GET", "/Advertising/Office/M1")] = page
    before = len(received)
    out, _ = run(0, "api", "GET-Advertising-Office-customerId", "customerId=M1", "PageSize=3",
                 "--all-pages")
    lines = [json.loads(line) for line in out.splitlines()]
    expect([row["id"] for row in lines] == ["O0", "O1", "O2", "O3", "O4"], out)
    asked = [r[2] for r in received[before:]]
    expect([(q["paging.pageIndex"], q["paging.pageSize"]) for q in asked] ==
           [("0", "3"), ("1", "3")], "pages asked: %r" % asked)
    # A page that fails ends the listing with the error's exit code, after the rows read.
    def shifted(query):  # page 0 is the last two rows; page 1 fails
        return page(dict(query, **{"paging.pageIndex": str(int(query["paging.pageIndex"]) + 1)}))
    answers[("GET", "/Advertising/Office/M1")] = shifted
    out, err = run(EXIT_SERVER, "api", "GET-Advertising-Office-customerId", "customerId=M1",
                   "PageSize=3", "--all-pages", "--retries", "1")
    expect(len(out.splitlines()) == 2 and "after 2 rows" in err, out + err)
    before = len(received)
    _, err = run(EXIT_INVALID, "api", "GET-CRM-Bid-customerId-id", "customerId=M1", "id=B1",
                 "--all-pages")
    expect("not a paged list" in err and len(received) == before, err)


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    global ENV
    ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
           "VITEC_CONNECT_BASE_URL": "http://127.0.0.1:%d" % server.server_address[1],
           "VITEC_CONNECT_USERNAME": "demo", "VITEC_CONNECT_PASSWORD": "demo-password"}
    with tempfile.TemporaryDirectory() as work:
        test_get_with_path_and_query()
        test_post_and_put_with_a_body(work)
        test_refused_before_sending(work)
        test_not_found()
        test_operations()
        test_describe()
        test_all_pages()
    server.shutdown()
    print("ok")


if __name__ == "__main__":
    main()
