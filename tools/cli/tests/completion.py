#!/usr/bin/env python3
"""`vitec-connect completion bash`: the script is sourced in bash, and its completion function
called as bash calls it (COMP_WORDS, COMP_CWORD), checking COMPREPLY.

Usage: completion.py PATH/TO/vitec-connect

Python 3 standard library only; needs bash.
"""

import os
import subprocess
import sys
import tempfile

CLI = os.path.realpath(sys.argv[1])


def fail(text):
    print("FAIL: " + text, file=sys.stderr)
    sys.exit(1)


def complete(script, *words):
    """COMPREPLY for the command line `words`, the cursor at the end of the last word."""
    line = " ".join("'%s'" % w for w in words)
    program = ('source "$1"\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\n_vitec_connect\n'
               'printf "%%s\\n" "${COMPREPLY[@]}"\n' % (line, len(words) - 1))
    done = subprocess.run(["bash", "-c", program, "bash", script], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0 or done.stderr:
        fail("completing %r: exit %d, stderr %s" % (words, done.returncode, done.stderr))
    return [line for line in done.stdout.splitlines() if line]


def expect_equal(got, wanted, words):
    if got != wanted:
        fail("completing %r gave %r, expected %r" % (words, got, wanted))


def main():
    done = subprocess.run([CLI, "completion", "bash"], capture_output=True, text=True,
                          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, check=False)
    if done.returncode != 0:
        fail("completion bash exited %d: %s" % (done.returncode, done.stderr))
    with tempfile.TemporaryDirectory() as work:
        script = os.path.join(work, "vitec-connect.bash")
        with open(script, "w", encoding="utf-8") as f:
            f.write(done.stdout)
        cases = [
            (("vitec-connect", "descr"), ["describe"]),
            (("vitec-connect", "api", "GET-CRM-Bids-c"), ["GET-CRM-Bids-customerId"]),
            # The common options before the subcommand, with their values, are skipped.
            (("vitec-connect", "--format", "xml", "--base-url", "http://h", "api",
              "POST-CRM-Bid-customerId-e"), ["POST-CRM-Bid-customerId-estateId-contactId"]),
            (("vitec-connect", "api", "GET-CRM-Bids-customerId", "Est"), ["EstateId="]),
            (("vitec-connect", "api", "GET-CRM-Bids-customerId", "customerId", "=", "M1",
              ""), ["customerId=", "EstateId=", "ContactId="]),
            # A value after NAME= is the user's.
            (("vitec-connect", "api", "GET-CRM-Bids-customerId", "customerId", "="), []),
            (("vitec-connect", "api", "GET-CRM-Bids-customerId", "customerId", "=", "M"), []),
            (("vitec-connect", "describe", "Crm_CrmPersonCon"), ["Crm_CrmPersonContact"]),
            (("vitec-connect", "describe", "GET-CRM-Bids-c"), ["GET-CRM-Bids-customerId"]),
            (("vitec-connect", "operations", "--ar"), ["--area"]),
            (("vitec-connect", "operations", "--area", "adv"), ["advertising"]),
            (("vitec-connect", "api", "--max-in-f"), ["--max-in-flight"]),
        ]
        for words, wanted in cases:
            expect_equal(complete(script, *words), wanted, words)
        # A file after --csv.
        rows = os.path.join(work, "rows.csv")
        open(rows, "w", encoding="utf-8").close()
        expect_equal(complete(script, "vitec-connect", "api", "GET-CRM-Bids-customerId",
                              "--csv", os.path.join(work, "ro")), [rows], "--csv")
        out = done.stdout
        if "complete -F _vitec_connect vitec-connect" not in out:
            fail("the script does not register its function")
    print("ok")


if __name__ == "__main__":
    main()
