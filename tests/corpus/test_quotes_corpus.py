"""split_reply against the reply fixtures of talon, email_reply_parser, EmailReplyParser and
mail-parser-reply, with the new text those projects' own tests expect.

Comparison ignores blank-line runs and trailing spaces (our output trims them). Known
differences, not asserted:
- talon keeps signatures in its reply text; we split them off, so for talon we compare
  new text + signature (iphone: "Hello" + "Sent from my iPhone").
- willdurand email_7/8/9 assert on odd fragments (quoted text); we check the reply only.
- mail-parser-reply keeps Outlook's "------" rule in the reply (email_2_1); we drop it.
- email_with_from_headers.txt is a template with a "[FROM]" placeholder; not a reply.
- mail-parser-reply email_pl_1_1 opens with a header block (Od:/Wysłano:/Temat:) above the
  text; we take that as quoted history from the first line, so the new text is empty.
- mail-parser-reply email_swedish_2 signs "/John"; we do not treat "/Name" as a signature.
- mail-parser-reply email_ja_1_2 closes with 以上、よろしくお願いいたします, which stays in.
- email_ls-l.txt is a pasted `ls -l` listing with MIME headers, not a reply.
"""

from __future__ import annotations

import email
import re

import pytest

from responder.mail.htmltext import html_to_text
from responder.mail.quotes import split_reply
from tests.corpus_paths import VENDORED

pytestmark = pytest.mark.corpus

REPLIES = VENDORED / "replies"  # every fixture is vendored (under 1 MB): no full-corpus variant
FUSCE = (
    "Fusce bibendum, quam hendrerit sagittis tempor, dui turpis tempus erat, pharetra sodales "
    "ante sem sit amet metus."
)
W = "willdurand-EmailReplyParser/Fixtures/"
G = "github-email_reply_parser/emails/"
M = "mail-parser-reply/emails/"
# fixture -> what the new text must start with and end with ("" = not checked).
EXPECTED: dict[str, tuple[str, str]] = {
    W + "email_1.txt": ("Hi folks", "I am currently using the Java HTTP API."),
    W + "email_2.txt": ("Hi,\nYou can list the keys", "you’ll need to delete them all individually.\""),
    W + "email_3.txt": ("Oh thanks.\nHaving", ""),
    W + "email_4.txt": ("Awesome", "Awesome! I haven't had another problem with it."),
    W + "email_6.txt": ("I get", "I get proper rendering as well."),
    W + "email_7.txt": (FUSCE, "Fusce sed odio id arcu varius aliquet nec nec nibh."),
    W + "email_8.txt": (FUSCE, "Fusce sed odio id arcu varius aliquet nec nec nibh."),
    W + "email_9.txt": (FUSCE, "Fusce sed odio id arcu varius aliquet nec nec nibh."),
    **{
        W + f"email_{n}.txt": (FUSCE, "Fusce sed odio id arcu varius aliquet nec nec nibh.")
        for n in ("10", "11", "12", "13", "14", "15", "16", "17", "18", "22", "23", "23_1")
    },
    W + "email_norwegian_gmail.txt": (FUSCE, "Fusce sed odio id arcu varius aliquet nec nec nibh."),
    W + "email_iphone.txt": ("Here is another email", "Here is another email"),
    W + "email_blackberry.txt": ("Here is another email", "Here is another email"),
    W + "email_multi_word_sent_from_my_mobile_device.txt": ("Here is another email", "email"),
    W + "email_sent_from_my_not_signature.txt": (
        "Here is another email\nSent from my desk", "easier then my mobile phone."
    ),
    W + "email_2_1.txt": ("Outlook with a reply", "Outlook with a reply"),
    W + "email_bullets.txt": ("test 2 this should list second", "   - and another"),
    W + "email_unquoted_reply.txt": ("This is my reply.", "This is my reply."),
    W + "email_custom_quote_header.txt": ("Thank you!", "Thank you!"),
    W + "email_customer_quote_header_2.txt": ("Thank you very much.", "Thank you very much."),
    W + "email_customer_quote_header_3.txt": ("bonjour,", "merci d'avance"),
    W + "email_with_date_headers.txt": ("Thank you very much.", ""),
    W + "email_one_is_not_on.txt": ("Thank, this is really helpful.", ""),
    W + "email_thread.txt": ("This is new email reply in thread from bellow.", "bellow."),
    W + "email_w10_mail.txt": ("Great thanks Bort, going for a test now.", "Braxton"),
    W + "email_zimbra_free_en.txt": ("Bonjour Toby,", "Michael Scott"),
    W + "email_zimbra_free_fr.txt": ("Bonjour", "Michael Scott"),
    W + "email_issue_77.txt": ("Bonjour Test,", "Text paragraph 2"),
    W + "correct_sig.txt": ("this is an email with a correct -- signature.", "signature."),
    W + "sig_no_empty_line.txt": ("this is an email with a signature", "no empty line above."),
    G + "email_1_1.txt": ("Hi folks", "I am currently using the Java HTTP API."),
    G + "email_1_2.txt": ("Hi,\nYou can list the keys", "delete them all individually.\""),
    G + "email_1_8.txt": ("I will reply under this one", "and under this."),
    G + "email_2_2.txt": ("Outlook with a reply directly above line", "above line"),
    G + "email_2_3.txt": ("Outlook with a reply directly above line", "above line"),
    G + "email_iPhone.txt": ("Here is another email", "Here is another email"),
    G + "email_BlackBerry.txt": ("Here is another email", "Here is another email"),
    G + "greedy_on.txt": ("On your remote host you can run:", "the tunnel is not working."),
    G + "pathological.txt": ("I think you're onto something.", "get back to a computer."),
    G + "email_sig_delimiter_in_middle_of_line.txt": ("Hi there!", ""),
    M + "email_sent_from_iPhone.txt": ("Here is another email", "Here is another email"),
    M + "email_sent_from_BlackBerry.txt": ("Here is another email", "Here is another email"),
    M + "email_headers_no_delimiter.txt": ("And another reply!", "And another reply!"),
    M + "email_2_3.txt": ("Outlook with a reply above headers using unusual format", "format"),
    M + "email_nl_1_2.txt": ("Outlook met een antwoord", "Outlook met een antwoord"),
    M + "email_pl_1_3.txt": ("", ""),
    M + "email_swedish_1.txt": ("", ""),
    M + "email_swedish_2.txt": ("Hello Anna,", ""),
    M + "email_danish_1.txt": ("Hej Peter,", ""),
    M + "email_danish_2.txt": ("", ""),
    M + "email_danish_3.txt": ("Hej,", "Svar."),
    M + "email_danish_4.txt": ("Hej,", "Svar."),
    M + "email_danish_5.txt": ("Hej,", "Svar."),
    M + "email_ja_1_2.txt": ("田中様", "以上、よろしくお願いいたします"),
}
# What the new text must not contain (a signature or quote that should be gone).
ABSENT = {
    M + "email_pl_1_3.txt": "Z powazaniem,\nJan",
    M + "email_swedish_1.txt": "Hej Person B,",
    M + "email_danish_1.txt": "Med venlig hilsen",
    M + "email_danish_2.txt": "Her er filerne du bad om.",
    M + "email_danish_4.txt": "Oprindelig meddelelse",
    M + "email_danish_5.txt": "Kh\nPeter",
    M + "email_ja_1_2.txt": "かしこまりました",
}
TALON_HTML = ["gmail", "hotmail", "mail_ru", "ms_outlook_2003", "ms_outlook_2007",
              "ms_outlook_2010", "thunderbird", "windows_mail", "yandex_ru"]  # fmt: skip
RESULTS: dict[str, list[int]] = {"fixtures": [0, 0]}


def _norm(text: str) -> str:
    """Trailing spaces and runs of blank lines do not count."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()


@pytest.fixture(scope="module", autouse=True)
def summary() -> object:
    """Print the fixture pass count at the end."""
    yield RESULTS
    passed, total = RESULTS["fixtures"]
    print(f"\nquote fixtures: {passed}/{total} matched their projects' expected new text")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reply_fixture_new_text(name: str) -> None:
    """The new text starts and ends as the fixture's project expects."""
    RESULTS["fixtures"][1] += 1
    new, _, _ = split_reply((REPLIES / name).read_text(encoding="utf-8"))
    start, end = EXPECTED[name]
    assert _norm(new).startswith(_norm(start))
    assert _norm(new).endswith(_norm(end))
    assert ABSENT.get(name, "\0") not in new
    RESULTS["fixtures"][0] += 1


@pytest.mark.parametrize("client", sorted(p.stem for p in (REPLIES / "talon/standard_replies").glob("*.eml")))
def test_talon_standard_replies(client: str) -> None:
    """Each mail client's reply reduces to talon's expected text (signature re-attached)."""
    RESULTS["fixtures"][1] += 1
    path = REPLIES / "talon/standard_replies" / f"{client}.eml"
    message = email.message_from_bytes(path.read_bytes())
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    new, _, signature = split_reply(payload.decode("utf-8", "replace"))
    expected_file = path.with_name(f"{client}_reply_text")
    expected = expected_file.read_text().strip() if expected_file.exists() else "Hello"
    assert _norm(f"{new}\n{signature}") == _norm(expected)
    RESULTS["fixtures"][0] += 1


@pytest.mark.parametrize("client", TALON_HTML)
def test_talon_html_replies(client: str) -> None:
    """HTML replies from nine clients reduce to talon's "Hi. I am fine. Thanks, Alex"."""
    RESULTS["fixtures"][1] += 1
    html = (REPLIES / "talon/html_replies" / f"{client}.html").read_text(encoding="utf-8")
    new, _, signature = split_reply(html_to_text(html))
    assert re.sub(r"\s+", "", new + signature) == "Hi.Iamfine.Thanks,Alex"
    RESULTS["fixtures"][0] += 1
