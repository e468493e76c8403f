"""Rebuild tests/data/corpus: a small, representative copy of the shared mail corpus.

    python tests/data/corpus/vendor_subset.py /work/shared/data

The full corpus (about 70 MB) stays outside the repository. This copies what the always-run
corpus tests need, with the same relative paths, and each source's SOURCE.txt and licence
beside it. The choice is deterministic, so running it again gives the same files.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTES = ("SOURCE.txt", "LICENSE", "LICENSES", "COPYING", "MIT-LICENSE", "README", "README.md",
         "LICENSE.nodemailer-mailparser", "LICENSE.postal-mime")
# Whole folders: small, and each file in them is a case a test names or relies on.
WHOLE = ["bounces/bounceparser-perl/t", "bounces/bounce_email-ruby/bounces", "mail/enmime",
         "mail/mimekit/messages", "mail/python-stdlib", "mail/ruby-mail", "mail/request-tracker",
         "mail/js-mailparser-postalmime/postal-mime-fixtures", "replies",
         "bounces/sisimai/maildir/not", "bounces/sisimai/maildir/err",
         "bounces/sisimai/maildir/tmp"]
SINGLE = ["mail/mimekit/tnef/ukr.eml",
          *(f"mail/js-mailparser-postalmime/nodemailer-mailparser-fixtures/{name}.eml" for name in
            ("base64encodedroot", "decoderended", "delivery-status", "mixed", "nested",
             "nodemailer", "spam", "htmllargecallstack"))]
SOURCES = ["bounces/sisimai", "bounces/bounceparser-perl", "bounces/bounce_email-ruby",
           "mail/enmime", "mail/mimekit", "mail/python-stdlib", "mail/ruby-mail",
           "mail/request-tracker", "mail/js-mailparser-postalmime", "mail/stalwart-mail-parser",
           "mail/flanker", "ham/spamassassin", "replies"]
PER_SERVER = 3
HAM_EVERY = {"easy-ham-2": 5, "hard-ham-1": 5}
HAM_MAX_BYTES = 60_000
KEEP_SISIMAI = {"lhost-sendmail-14.eml", "lhost-fml-02.eml", "lhost-fml-03.eml", "arf-26.eml"}


def spread(items: list[str], n: int) -> list[str]:
    """Up to n items evenly spaced from a sorted list (first and last included)."""
    if len(items) <= n:
        return items
    step = (len(items) - 1) / (n - 1)
    return [items[round(i * step)] for i in range(n)]


def sisimai(src: Path) -> list[str]:
    """A few bounces per mail server, every vacation reply, the named exceptions, and copies."""
    by_server: dict[str, list[str]] = defaultdict(list)
    for path in sorted((src / "bounces/sisimai/maildir/bsd").glob("*.eml")):
        by_server[path.stem.rsplit("-", 1)[0]].append(path.name)
    chosen = {n for names in by_server.values() for n in spread(names, PER_SERVER)}
    chosen |= KEEP_SISIMAI | set(by_server["rfc3834"])
    picked = [f"bounces/sisimai/maildir/bsd/{n}" for n in sorted(chosen)]
    for copy in ("dos", "mac"):  # CRLF and CR copies of the chosen messages, where they exist
        picked += [f"bounces/sisimai/maildir/{copy}/{n}" for n in sorted(chosen)
                   if (src / "bounces/sisimai/maildir" / copy / n).exists()]
    return picked


def sisimai_expected(src: Path, dest: Path, picked: Iterable[str]) -> None:
    """Keep sisimai's expected results for the copied bsd files only."""
    names = {f"maildir/bsd/{Path(p).name}" for p in picked if "/bsd/" in p}
    rows = json.loads((src / "bounces/sisimai/expected_p5-sisimai.json").read_text())
    kept = [r for r in rows if r["file"] in names]
    out = dest / "bounces/sisimai/expected_p5-sisimai.json"
    out.write_text(json.dumps(kept, indent=1, ensure_ascii=False) + "\n")


def stalwart(src: Path) -> list[str]:
    """Every Stalwart message with its expected parse (LF variant; a sample skews the rates)."""
    picked = []
    for group in sorted((src / "mail/stalwart-mail-parser/eml").iterdir()):
        emls = sorted(group.glob("*.eml"))
        picked += [str(p.relative_to(src)) for e in emls for p in (e, e.with_suffix(".json"))]
        picked += [str(p.relative_to(src)) for p in group.glob("COPYING")]
    return picked


def ham(src: Path) -> list[str]:
    """Every fifth SpamAssassin ham message under 60 kB: list mail and human mail alike."""
    picked = []
    for folder, every in HAM_EVERY.items():
        paths = sorted((src / "ham/spamassassin" / folder).glob("*.txt"))[::every]
        picked += [str(p.relative_to(src)) for p in paths if p.stat().st_size < HAM_MAX_BYTES]
    return picked


def flanker(src: Path) -> list[str]:
    """Flanker's messages except the two multi-megabyte torture files (full corpus only)."""
    paths = sorted((src / "mail/flanker/messages").rglob("*"))
    return [str(p.relative_to(src)) for p in paths if p.is_file() and p.stat().st_size < 100_000]


def main(src: Path) -> None:
    """Copy the subset from `src` (the shared data folder) into this folder."""
    for old in HERE.iterdir():
        if old.is_dir():
            shutil.rmtree(old)
    picked = [*SINGLE, *sisimai(src), *stalwart(src), *ham(src), *flanker(src)]
    for folder in WHOLE:
        picked += [str(p.relative_to(src)) for p in sorted((src / folder).rglob("*")) if p.is_file()]
    for note in (src / s / n for s in SOURCES for n in NOTES):
        files = sorted(note.rglob("*")) if note.is_dir() else [note] * note.exists()
        picked += [str(p.relative_to(src)) for p in files if p.is_file()]
    for relative in sorted(set(picked)):
        target = HERE / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / relative, target)
    sisimai_expected(src, HERE, picked)
    print(f"copied {len(set(picked))} files")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
