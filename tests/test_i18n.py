"""The message catalogue: every message has its Chinese, the compiled catalogue is current,
and a message renders in either language, values included."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from dacu.core.findings import Finding, Findings
from dacu.core.i18n import Translator, msg
from dacu.core.rules import RULES

LOCALE = Path(__file__).resolve().parent.parent / "dacu" / "locale"
PO = LOCALE / "zh" / "LC_MESSAGES" / "dacu.po"


def _catalogue():
    with PO.open("rb") as handle:
        return read_po(handle)


def _used_messages() -> set[str]:
    """Every msg("...") in the engine and {{ _("...") }} in its templates, as Babel extracts them."""
    method_map = [("**.py", "python"), ("**.html", "jinja2")]
    found = extract_from_dir(str(LOCALE.parent), method_map=method_map, keywords={"msg": None, "_": None})
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_message_in_the_code_has_a_chinese_translation():
    catalogue = _catalogue()
    missing = sorted(m for m in _used_messages() if not (catalogue.get(m) and catalogue.get(m).string))
    assert missing == [], "run scripts/messages and translate these in dacu.po"


def test_the_compiled_catalogue_matches_its_source():
    with (PO.parent / "dacu.mo").open("rb") as handle:
        compiled = {m.id: m.string for m in read_mo(handle) if m.id}
    source = {m.id: m.string for m in _catalogue() if m.id and m.string}
    assert compiled == source, "run scripts/messages to compile dacu.mo"


def test_translations_keep_every_value_of_their_source():
    import re
    import string

    def names(text: str) -> set[str]:
        if "%(" in text:  # the report template's _("... %(name)s ...") (Jinja's i18n extension)
            return set(re.findall(r"%\((\w+)\)s", text))
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    for message in _catalogue():
        if message.id and message.string:
            assert names(message.string) == names(message.id), message.id


def test_a_message_renders_in_chinese_by_default_and_english_on_request():
    hint = msg('did you mean "{choice}"?', choice="theme")
    message = msg('unknown setting "{key}": {hint}', key="them", hint=hint)
    assert Translator()(message) == '未知设置 "them"：是不是想写 "theme"？'
    assert Translator("en")(message) == 'unknown setting "them": did you mean "theme"?'
    assert Translator("en_US")(msg("valid keys: {keys}", keys=["a", "b"])) == "valid keys: a, b"
    assert Translator("zh-CN")(msg("valid keys: {keys}", keys=["a", "b"])) == "可用的键：a、b"


def test_a_cached_finding_is_shown_in_the_language_of_the_run_that_reads_it():
    chinese = Findings(language="zh")
    chinese.add("settings", "pyproject.toml", msg("[tool.dacu] must be a table"), key="tool.dacu")
    [finding] = list(chinese)
    assert finding.message == "[tool.dacu] 必须是一个表"
    record = finding.to_record()
    english = Findings(language="en")
    english.extend([Finding.from_record(record)])
    assert [f.message for f in english] == ["[tool.dacu] must be a table"]
    assert Finding.from_record(record) == finding


def test_the_catalogue_is_read_when_a_message_is_first_rendered_not_per_collector(monkeypatch):
    # Rendering makes a collector per page; reading the catalogue for each was a sixth of a build.
    from dacu.core import i18n

    reads = []
    real = i18n._load_catalogue
    monkeypatch.setattr(i18n, "_load_catalogue", lambda language: reads.append(language) or real(language))
    collectors = [Findings() for _ in range(50)]
    assert reads == []
    translate = Translator("zh")
    translate(msg("dacu: {problem}", problem="x"))
    translate(msg("dacu: {problem}", problem="y"))
    assert reads == ["zh"]
    assert len(collectors) == 50


# -- every finding's message goes through the catalogue ----------------------------------

class _MessageFlow:
    """Where the messages of findings come from, read from dacu's source (no import, no run).

    A finding-making call is ``<findings>.add(rule, file, message)``, ``ctx.problem(path,
    message)``, and, found to a fixed point, a call of any function that passes one of its own
    parameters on as such a message (``bad(key, message)`` in the settings). Its message must
    be a ``msg(...)`` call, a call of a function annotated to return a Message, or a name,
    parameter, attribute or loop variable annotated as (holding) a Message.
    """

    def __init__(self, package: Path) -> None:
        import ast

        self.ast = ast
        self.package = package
        self.trees = {p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(package.rglob("*.py"))}
        nodes = [n for tree in self.trees.values() for n in ast.walk(tree)]
        # Type aliases that hold a Message (Problem = tuple[int | None, str, Message]).
        self.kinds = {"Message"} | {t.id for n in nodes if isinstance(n, ast.Assign) and "Message" in ast.unparse(n.value)
                                   for t in n.targets if isinstance(t, ast.Name) and t.id[:1].isupper()}
        # Attributes and fields annotated as (holding) a Message, and module-level names so annotated.
        self.typed = {n.target.attr for n in nodes if isinstance(n, ast.AnnAssign)
                      and isinstance(n.target, ast.Attribute) and self.carries(n.annotation)}
        self.typed |= {n.target.id for c in nodes if isinstance(c, ast.ClassDef) for n in c.body
                       if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and self.carries(n.annotation)}
        self.globals = {n.target.id for tree in self.trees.values() for n in tree.body
                        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and self.carries(n.annotation)}
        self.returns = {n.name for n in nodes
                        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and self.carries(n.returns)}
        for function in (n for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            params = {a.arg for a in self.params(function) if self.carries(a.annotation)}
            for n in ast.walk(function):  # self.message = message, the parameter typed Message
                if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and n.value.id in params:
                    self.typed.update(t.attr for t in n.targets if isinstance(t, ast.Attribute))
        # Finding-making helpers: (file they are defined in, or None for any, name, message position).
        self.makers: set[tuple[Path | None, str, int]] = {(None, "problem", 1)}

    @staticmethod
    def name_of(node: object) -> str:
        import ast

        return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""

    def carries(self, annotation: object) -> bool:
        return annotation is not None and any(kind in self.ast.unparse(annotation) for kind in self.kinds)

    @staticmethod
    def params(function: object) -> list:
        args = function.args  # type: ignore[attr-defined]
        return [*args.posonlyargs, *args.args, *args.kwonlyargs]

    def messages_of(self, call: object, path: Path) -> list:
        """The message arguments of a finding-making call (none for any other call)."""
        ast = self.ast
        name, func = self.name_of(call.func), call.func  # type: ignore[attr-defined]
        owner = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
        if name == "add" and owner:
            first = call.args[0] if call.args else None  # type: ignore[attr-defined]
            slug = isinstance(first, ast.Constant) and first.value in RULES
            if not (owner.endswith("findings") or owner == "temp" or slug):
                return []
            positions = {2}
            keyword = next((k.value for k in call.keywords if k.arg == "message"), None)  # type: ignore[attr-defined]
            if keyword is not None:
                return [keyword]
        elif name == "problem" and owner != "ctx":
            return []
        else:
            makers = [(where, p) for where, maker, p in self.makers if maker == name]
            positions = {p for where, p in makers if where == path} or {p for _, p in makers}
        return [call.args[p] for p in positions if len(call.args) > p]  # type: ignore[attr-defined]

    def ok(self, value: object, at: object, up: dict) -> bool:
        ast = self.ast
        if isinstance(value, ast.Call):
            return self.name_of(value.func) in {"msg", *self.returns}
        if isinstance(value, ast.IfExp):
            return self.ok(value.body, at, up) and self.ok(value.orelse, at, up)
        if isinstance(value, ast.BoolOp):
            return all(self.ok(v, at, up) for v in value.values)
        if isinstance(value, ast.Attribute):
            return value.attr in self.typed
        if isinstance(value, ast.Subscript):  # a table of messages
            return self.name_of(value.value) in self.typed | self.globals
        if isinstance(value, ast.Name):
            return value.id in self.globals or self.reaches(value.id, at, up)
        return False

    def reaches(self, name: str, at: object, up: dict) -> bool:
        """The nearest binding of ``name`` before ``at``, walking back through the enclosing blocks."""
        ast = self.ast
        node = at
        while node in up:
            parent = up[node]
            for field in ("body", "orelse", "finalbody", "handlers"):
                block = getattr(parent, field, None)
                if isinstance(block, list) and node in block:
                    for statement in reversed(block[:block.index(node)]):
                        verdict = self.binding(name, statement, up)
                        if verdict is not None:
                            return verdict
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return any(a.arg == name and self.carries(a.annotation) for a in self.params(parent))
            if isinstance(parent, (ast.For, ast.comprehension)) and name in self.targets(parent.target):
                return self.holds_messages(parent.iter)
            node = parent
        return False

    def binding(self, name: str, statement: object, up: dict) -> bool | None:
        """Whether the bindings of ``name`` in ``statement`` are messages; None when it binds none."""
        ast = self.ast
        verdicts = []
        for n in ast.walk(statement):
            if isinstance(n, ast.Assign) and any(name in self.targets(t) for t in n.targets):
                verdicts.append(self.ok(n.value, n, up))
            elif isinstance(n, ast.AnnAssign) and name in self.targets(n.target):
                verdicts.append(self.carries(n.annotation))
        return all(verdicts) if verdicts else None

    def holds_messages(self, iterable: object) -> bool:
        ast = self.ast
        if isinstance(iterable, ast.Call):
            return self.name_of(iterable.func) in self.returns
        return self.name_of(iterable) in self.typed

    def targets(self, target: object) -> set[str]:
        return {n.id for n in self.ast.walk(target) if isinstance(n, self.ast.Name)}

    def loose(self) -> list[str]:
        """Every finding-making call whose message does not come from the catalogue."""
        ast = self.ast
        while True:
            found, before = [], set(self.makers)
            for path, tree in self.trees.items():
                up = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
                for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
                    for value in self.messages_of(call, path):
                        self.note_helper(value, call, up, path)
                        if self.ok(value, call, up):
                            continue
                        where = f"{path.relative_to(self.package.parent)}:{call.lineno}"
                        found.append(f"{where}: {ast.unparse(call.func)}(... {ast.unparse(value)[:70]} ...)")
            if self.makers == before:
                return sorted(set(found))

    def note_helper(self, value: object, call: object, up: dict, path: Path) -> None:
        """A function passing its own parameter on as a message makes findings too."""
        ast = self.ast
        node = call
        while node in up and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node = up[node]
        if isinstance(value, ast.Name) and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
            if value.id in params:
                offset = 1 if params[0] in ("self", "cls") else 0
                self.makers.add((path, node.name, params.index(value.id) - offset))


def test_every_finding_message_comes_from_the_catalogue():
    loose = _MessageFlow(LOCALE.parent).loose()
    assert loose == [], "write these messages with msg(...) (dacu.core.i18n) and translate them in dacu.po"


def test_the_message_flow_check_tells_catalogued_messages_from_loose_ones(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "checks.py").write_text('''
from dacu.core.i18n import Message, msg

Problem = tuple[int, Message]


class Loaded:
    problems: list[Problem]


def check(findings, loaded: Loaded, text: Message, name: str, flag: bool) -> None:
    findings.add("schedule", "f", msg("{name} is wrong", name=name))          # ok: msg()
    findings.add("schedule", "f", text)                                        # ok: typed parameter
    findings.add("schedule", "f", f"{name} is wrong")                          # loose: an f-string
    findings.add("schedule", "f", name)                                        # loose: a str parameter
    chosen = msg("a") if flag else msg("b")
    findings.add("schedule", "f", chosen)                                      # ok: both branches
    for line, problem in loaded.problems:
        findings.add("schedule", "f", problem, line=line)                      # ok: typed list

    def bad(key: str, message: str) -> None:
        findings.add("settings", "f", message, key=key)                        # loose: message typed str

    bad("k", msg("c"))                                                         # ok: a msg()
    bad("k", "plain text")                                                     # loose: the helper's callers too
''', encoding="utf-8")
    lines = [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in _MessageFlow(package).loose()]
    assert lines == ["14", "15", "22", "25"]


def test_babel_sees_every_msg_call():
    """A msg("...") nested in another msg()'s arguments is not extracted: write it on its own line."""
    import ast

    written = {(node.args[0].value, f"{path.relative_to(LOCALE.parent.parent)}:{node.lineno}")
               for path in LOCALE.parent.rglob("*.py")
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg"
               and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)}
    extracted = _used_messages()
    assert sorted(where for text, where in written if text not in extracted) == []
