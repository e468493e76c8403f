"""README lines an operator copies: the files, commands and log lines they name are real."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from responder import ownerlang
from responder.cli.app import LogLines
from responder.dev.demo import clip, indent

REPO = Path(__file__).resolve().parents[3]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_template_file_named_in_the_readme_exists() -> None:
    """`cp .../templates/en/wismo_shipped.txt.j2` names a shipped file (not where_is_my_order_shipped)."""
    named = re.findall(r"templates/([a-z]{2})/([a-z_]+\.txt\.j2)", README)
    assert named
    missing = [f"{lang}/{name}" for lang, name in named if not (REPO / "templates" / lang / name).is_file()]
    assert missing == []


def test_every_script_named_in_the_readme_exists_and_runs() -> None:
    """scripts/setup.sh, demo.sh, test.sh and install-service.sh are there and executable."""
    scripts = set(re.findall(r"scripts/([a-z_-]+\.sh)", README))
    assert "install-service.sh" in scripts
    for name in scripts:
        path = REPO / "scripts" / name
        assert path.is_file() and path.stat().st_mode & 0o111, name


def test_hold_and_escalate_rows_say_what_the_approval_mail_says() -> None:
    """HOLD stops the reminders, ESCALATE keeps them going, in the README as in the approval mail."""
    hold = next(line for line in README.splitlines() if line.startswith("| `HOLD`"))
    escalate = next(line for line in README.splitlines() if line.startswith("| `ESCALATE`"))
    assert "no more reminders" in hold and "no more reminders" in ownerlang.text("en", "instructions")
    assert "reminders go on" in escalate


def test_journal_line_starts_with_the_message_id() -> None:
    """The disposition line is printed as the README shows it, Message-ID first; others keep LEVEL name."""
    fmt = LogLines("%(levelname)s %(name)s: %(message)s")
    args = ("<CAF7x1@mail.gmail.com>", "send", "where_is_my_order", "shipped: tracking link")
    line = fmt.format(logging.LogRecord("responder.disposition", logging.INFO, __file__, 1,
                                        "%s %s intent=%s reason=%s", args, None))
    assert line == "<CAF7x1@mail.gmail.com> send intent=where_is_my_order reason=shipped: tracking link"
    shown = next(text for text in README.splitlines() if text.startswith("# <"))[2:]
    pattern = r"<[^>]+> (send|park|skip|shunt) intent=[a-z_]+ reason=\S"
    assert re.match(pattern, line) and re.match(pattern, shown), shown
    other = logging.LogRecord("responder.service.daemon", logging.INFO, __file__, 1, "running", (), None)
    assert fmt.format(other) == "INFO responder.service.daemon: running"


def test_readme_promises_no_never_doubled_send() -> None:
    """The one case that can double a reply is stated, in the README and in outbox.py."""
    outbox = (REPO / "responder" / "service" / "outbox.py").read_text(encoding="utf-8")
    assert "never doubled" not in outbox.split('"""')[1]
    assert "plain relay" in README and "plain relay" in outbox


def test_demo_clips_at_a_word_with_an_ellipsis() -> None:
    """A long reason is cut at a word boundary and ends in an ellipsis; a short one is untouched."""
    reason = "delivered but not received: order below reship_below, reship suggested to the owner"
    cut = clip(reason, 40)
    assert len(cut) <= 40 and cut.endswith("…")
    assert reason.startswith(cut[:-1]) and reason[len(cut) - 1] in " ,"
    assert clip("short", 40) == "short"


def test_demo_says_how_many_draft_lines_it_left_out() -> None:
    """A long draft shows its first lines and how many more there are."""
    shown = indent("\n".join(f"line {n}" for n in range(15)), 2, limit=12)
    assert shown.splitlines()[-1] == "  … (3 more lines)"
