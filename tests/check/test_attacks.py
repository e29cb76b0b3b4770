"""What a hostile pull request can write is refused at file:line, with exit 1, no
traceback and the published files byte-identical: files that are not regular files in
data/ (symlinks to secrets or devices, FIFOs, oversized texts), YAML nested to exhaust a
stack, characters that show other than they read, numbers no tool reads exactly, a cache
or a staging folder committed into the tree, and values `make new` would expand."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.check import cache
from scripts.schema.registry import ROOT
from tests.helpers import FIXTURES, X, edit_entry, run, snapshot

XF = f"data/sources/{X}.yaml"
XT = f"data/sources/{X}.txt"


def refused(root: Path, capsys, *lines: str, command: str = "build") -> str:
    """The command exits 1; each of `lines` starts a line of its report; nothing published changed."""
    before = snapshot(root)
    code, out, err = run(capsys, command, "--root", str(root))
    assert code == 1, err
    for expected in lines:
        assert any(line.startswith(expected) for line in err.splitlines()), (expected, err)
    assert "Traceback" not in err
    assert snapshot(root) == before
    return err


def set_hash(root: Path, data: bytes) -> None:
    entry = root / "data" / "sources" / f"{X}.yaml"
    text = entry.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("text_sha256:"))
    entry.write_text(text.replace(old, f"text_sha256: {hashlib.sha256(data).hexdigest()}"), encoding="utf-8")


def edit(root: Path, old: str, new: str) -> Path:
    return edit_entry(root, X, old, new)


def link_text(root: Path, target: Path, content: str) -> None:
    """The entry's archived text replaced by a link to `target`, a file holding `content`."""
    target.write_text(content, encoding="utf-8")
    (root / XT).unlink()
    (root / XT).symlink_to(target)


# ------------------------------------------------------------------ files that are not what they seem
def test_a_text_linked_to_a_secret_is_neither_read_nor_published(built, capsys, tmp_path):
    secret = tmp_path / "secret"
    link_text(built, secret, "root:x:0:0:root:/root:/bin/bash\n")
    set_hash(built, secret.read_bytes())  # the attacker knows the file's hash
    err = refused(built, capsys, f"{XT}:1:1: sources.text_path: the file is a symbolic link")
    assert hashlib.sha256(secret.read_bytes()).hexdigest() in (built / XF).read_text()  # only because we wrote it
    assert "root:x" not in err


def test_a_wrong_hash_never_echoes_the_hash_of_a_linked_file(built, capsys, tmp_path):
    secret = tmp_path / "secret"
    link_text(built, secret, "token=abc\n")
    err = refused(built, capsys, f"{XT}:1:1")
    assert hashlib.sha256(secret.read_bytes()).hexdigest() not in err


@pytest.mark.parametrize("which", ["yaml", "txt"])
def test_a_link_to_a_device_is_not_read(built, capsys, which):
    path = built / "data" / "sources" / f"{X}.{which}"
    path.unlink()
    path.symlink_to("/dev/zero")
    refused(built, capsys, f"data/sources/{X}.{which}:1:1")


@pytest.mark.parametrize("which", ["yaml", "txt"])
def test_a_fifo_does_not_hang_the_check(built, capsys, which):
    path = built / "data" / "sources" / f"{X}.{which}"
    path.unlink()
    os.mkfifo(path)
    refused(built, capsys, f"data/sources/{X}.{which}:1:1")  # returns: nothing waits on the FIFO
    refused(built, capsys, f"data/sources/{X}.{which}:1:1", command="check")


def test_an_oversized_text_is_refused_before_it_is_read(built, capsys):
    text = built / XT
    with text.open("ab") as handle:
        handle.truncate(200_000_000)  # 200 MB (sparse: costs no disk)
    refused(built, capsys, f"{XT}:1:1: sources.text_path: the file is 200000000 bytes, over the limit of 2000000")


def test_a_folder_linked_out_of_data_is_not_followed(built, capsys, tmp_path):
    outside = tmp_path / "outside"
    shutil.move(built / "data" / "sources", outside)
    (built / "data" / "sources").symlink_to(outside)
    refused(built, capsys, "data/sources:1:1: the folder is a symbolic link")


@pytest.mark.parametrize("name", [f"{X}-2.yml", f"{X}-2.YAML", "notes.md"])
def test_a_file_that_is_not_an_entry_is_not_silently_skipped(built, capsys, name):
    shutil.copy(built / XF, built / "data" / "sources" / name)
    refused(built, capsys, f"data/sources/{name}:1:1: not an entry: entry files are named `<id>.yaml`")


def test_the_date_in_the_id_is_the_publication_date(built, capsys):
    edit(built, "published_date: 2015-05-07\n", "published_date: 2015-05-08\n")
    refused(built, capsys, f"{XF}:1:5: sources.id: the id is dated 2015-05-07, but published_date is 2015-05-08")


# ------------------------------------------------------------------ YAML that would exhaust a stack
@pytest.mark.parametrize("depth", [1_000, 50_000])
def test_deep_nesting_is_refused_where_it_starts(built, capsys, depth):
    edit(built, "url: null\n", "url: " + "[" * depth + "]" * depth + "\n")
    err = refused(built, capsys, f"{XF}:6:")
    assert "nested more than" in err and "RecursionError" not in err


def test_deep_nesting_does_not_crash_the_process(built):
    """libyaml is never handed the nesting to recurse on: 200,000 levels in a subprocess."""
    entry = built / XF
    entry.write_text(entry.read_text(encoding="utf-8").replace("url: null\n", "url: " + "[" * 200_000 + "\n"),
                     encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "scripts", "check", "--root", str(built)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "nested more than" in done.stderr, done.stderr[-2000:]


# ------------------------------------------------------------------ characters that show other than they read
@pytest.mark.parametrize("escape, name", [
    ("\\0", "control character U+0000"), ("\\u202e", "bidirectional control U+202E"),
    ("\\uFFFE", "non-character U+FFFE"), ("\\r", "control character U+000D"), ("\\x1b[31m", "control character U+001B"),
    ("\\u2066", "bidirectional control U+2066"), ("\\t", "control character U+0009"),
])
def test_a_forbidden_character_written_as_an_escape_is_refused(built, capsys, escape, name):
    edit(built, "author: null\n", f'author: "Someone{escape}else"\n')
    refused(built, capsys, f"{XF}:4:9: author: the value holds a {name}")


def test_a_bare_cr_in_notes_never_reaches_a_csv(built, capsys):
    edit(built, "    notes: The text writes", '    notes: "line one\\rline two" # The text writes')
    line = next(n for n, text in enumerate((built / XF).read_text().splitlines(), 1) if "line one" in text)
    refused(built, capsys, f"{XF}:{line}:12: trade.notes: the value holds a control character U+000D", command="check")


def test_a_value_cannot_forge_a_line_of_the_log(built, capsys):
    edit(built, "language: en\n", 'language: "x\\n::error file=README.md::forged"\n')
    err = refused(built, capsys, f"{XF}:7:11: sources.language: `x\\n::error file=README.md::forged` is not")
    assert not any(line.startswith("::") for line in err.splitlines())


def test_a_forbidden_character_in_an_archived_text_is_refused(built, capsys):
    text = built / XT
    data = text.read_bytes().replace(b"Bilateral trade", b"Bilateral \xe2\x80\xae trade", 1)
    text.write_bytes(data)
    set_hash(built, data)
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if "\u202e" in text)
    err = refused(built, capsys, f"{XT}:{line}:")
    assert "the archived text holds a bidirectional control U+202E" in err


# ------------------------------------------------------------------ numbers no tool reads exactly
def test_a_huge_whole_number_is_named_plainly(built, capsys):
    edit(built, "deal_count: 33\n", "deal_count: 99999999999999999999999999999\n")
    refused(built, capsys, f"{XF}:95:17: agreements.deal_count: `99999999999999999999999999999` is larger than")


def test_an_over_precise_decimal_is_refused_at_its_line(tmp_path, capsys):
    root = tmp_path / "pkg"
    shutil.copytree(FIXTURES, root / "data")
    entry = root / "data" / "sources" / "unattributed-2019-06-24-azerbaijan-china-huawei.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("share_percent: 43\n",
                                                               "share_percent: 100.0000000000000000001\n"),
                     encoding="utf-8")
    code, _, err = run(capsys, "check", "--root", str(root))
    assert code == 1 and "trade.share_percent: `100.0000000000000000001` has more than 15 significant digits" in err


# ------------------------------------------------------------------ what the tree cannot vouch for
class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


MARKER = Path(os.environ.get("TMPDIR", "/tmp")) / f"srt-pickle-ran-{os.getpid()}"


def test_a_committed_cache_is_never_read(built, capsys):
    """A pickle in the work tree (where the cache once was) is not read: its code never runs."""
    for name in (".check-cache", ".cache"):
        (built / name).mkdir()
        (built / name / "entries.pickle").write_bytes(pickle.dumps(Payload()))
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 0, err
    assert not MARKER.exists()
    assert not str(cache.folder(built)).startswith(str(built.resolve()))


def test_a_committed_staging_folder_is_removed_unread(built, capsys):
    staging = built / ".build-staging"
    (staging / "new" / "data").mkdir(parents=True)
    (staging / "new" / "data" / "trade.csv").write_text("forged\n", encoding="utf-8")
    (staging / "COMMITTED").write_text("token " + "0" * 32 + "\ndata/trade.csv", encoding="utf-8")
    before = snapshot(built)
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 0 and "was not written by a build on this machine" in err, err
    assert snapshot(built) == before and not staging.exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_check_and_build_refuse_what_the_verifier_refuses(built, capsys, monkeypatch, command):
    """`check` and `build` pass the package through the same verifier (build then through
    frictionless too): a package it refuses fails both, and nothing is written."""
    from scripts.publish import gate

    monkeypatch.setattr(gate, "verify", lambda folder: ["data/trade.csv:2: a failure the gate found"])
    before = snapshot(built)
    code, _, err = run(capsys, command, "--root", str(built), "--no-cache")
    assert code == 2 and "data/trade.csv:2: a failure the gate found" in err
    assert snapshot(built) == before


def test_build_refuses_what_frictionless_refuses(built, capsys, monkeypatch):
    from scripts.publish import gate

    monkeypatch.setattr(gate, "frictionless", lambda folder: ["trade: a failure frictionless found"])
    code, _, err = run(capsys, "build", "--root", str(built), "--no-cache")
    assert code == 2 and "trade: a failure frictionless found" in err


# ------------------------------------------------------------------ make new takes values as typed
def test_make_new_writes_what_was_typed(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("scripts", "schemas"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / ".venv").symlink_to(ROOT / ".venv")
    article = tmp_path / "article.txt"
    article.write_text("Trade reached $1.3 billion in 2014.\n", encoding="utf-8")
    title = 'Deal worth $1.3 billion; $(shell touch made) `touch ticked` "q" \'s $$HOME'
    done = subprocess.run(["make", "--no-print-directory", "new", f"TEXT={article}", "DATE=2015-05-07", "TOPIC=a deal",
                           "PUBLISHER=Xinhua", f"TITLE={title}", "URL=https://example.org/a?b=1&c=$x"],
                          cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    import yaml

    entry = yaml.safe_load((project / "data" / "sources" / "xinhua-2015-05-07-a-deal.yaml").read_text(encoding="utf-8"))
    assert entry["title"] == title and entry["url"] == "https://example.org/a?b=1&c=$x"
    assert not (project / "made").exists() and not (project / "ticked").exists()


def test_new_refuses_a_value_it_cannot_write_as_given(package, capsys, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Trade reached $1.3 billion in 2014.\n", encoding="utf-8")
    code, _, err = run(capsys, "new", str(article), "--root", str(package), "--date", "2015-05-07",
                       "--topic", "a deal", "--title", "Deal\u202eevil")
    assert code == 1 and "--title holds a bidirectional control U+202E" in err
    assert not list((package / "data" / "sources").glob("*a-deal*"))


def test_docs_never_publishes_a_linked_text(built, capsys, tmp_path, monkeypatch):
    """A text replaced by a link after the build is not copied onto the site: docs's check
    refuses it at its line, and the pages, made without that check, stop and say why."""
    from scripts.site import build as site_docs

    monkeypatch.setattr(site_docs, "SITE_SRC", tmp_path / "generated")
    link_text(built, tmp_path / "secret", "root:x:0:0:root:/root:/bin/bash\n")
    code, _, err = run(capsys, "docs", "--root", str(built))
    assert code == 1 and f"{XT}:1:1: sources.text_path: the file is a symbolic link" in err and "root:x" not in err
    assert not (tmp_path / "generated").exists()
    with pytest.raises(SystemExit) as stopped:
        site_docs.generate(built)
    assert f"{XT}: the file is a symbolic link" in str(stopped.value)
    copied = [p for p in (tmp_path / "generated").rglob("*.txt") if "root:x" in p.read_text(encoding="utf-8")]
    assert not copied


def test_a_quote_cut_inside_a_number_proves_nothing(built, capsys):
    """`3.6 billion dollars` cut out of "23.6 billion dollars" is no quote of the text."""
    entry = built / XF
    text = entry.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("amount: 23.6 billion dollars"))
    entry.write_text(text.replace(old, old.replace("23.6", "3.6")), encoding="utf-8")
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "    quote: >-\n      The two countries also signed 33 deals",
        "    quote: 3.6 billion dollars during Kazakh Prime Minister\n    notes: >-\n      The two countries also signed 33 deals"),
        encoding="utf-8")
    err = refused(built, capsys, f"{XF}:")
    assert "agreements.quote: the quote is not in the archived text" in err


def test_the_site_refuses_a_linked_page(tmp_path, monkeypatch):
    from scripts.site import build as site_docs

    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in ("CONTRIBUTING.md", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, project / name)
    (tmp_path / "secret").write_text("token=abc\n", encoding="utf-8")
    (project / "docs" / "notes.md").symlink_to(tmp_path / "secret")
    monkeypatch.setattr(site_docs, "ROOT", project)
    with pytest.raises(SystemExit) as stopped:
        site_docs.write_pages(site_docs.Site(ROOT, tmp_path / "out"))  # the package as published, the pages of the copy
    assert "docs/notes.md: not a plain file or folder" in str(stopped.value)
    assert not (tmp_path / "out" / "notes.md").exists()


def test_a_long_text_of_one_sentence_does_not_hang_the_binding(tmp_path):
    """Half a megabyte of figures and years with no sentence end: the binding reads a sentence's
    mentions once and finds those of a quote by their place, so it stays linear."""
    root = tmp_path / "pkg"
    shutil.copytree(FIXTURES, root / "data")
    sid = "long-2024-03-05-one-sentence"
    quote = "Kazakhstan's imports from China reached $41 billion in 2023"
    text = "in 2023 7 and $5 billion or 12 percent and " * 12_000 + quote + ".\n"
    (root / "data" / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    entry = root / "data" / "sources" / f"{sid}.yaml"
    entry.write_text(f"id: {sid}\ntitle: Long\npublisher: Long\nauthor: null\npublished_date: 2024-03-05\nurl: null\n"
                     f"language: en\ntext_sha256: {hashlib.sha256(text.encode()).hexdigest()}\n\ntrade:\n"
                     "  - id: r0\n    reporter: KAZ\n    partner: CHN\n    flow: imports\n    period: 2023\n"
                     f"    amount: $41 billion\n    quote: \"{quote}\"\n\nleft_out:\n"
                     "  - {id: sevens, words: '7', reason: unclear}\n  - {id: fives, words: $5 billion, reason: unclear}\n"
                     "  - {id: twelves, words: 12 percent, reason: unclear}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "scripts", "check", "--no-cache", "--root", str(root), str(entry)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
