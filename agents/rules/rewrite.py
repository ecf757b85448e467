# erosion rules modernizer: rewrites removed or renamed library APIs in a
# notebook's code cells. It runs inside the environment the notebook will run
# in, so it parses with that Python's grammar and asks that environment's
# libraries whether an old API is really gone before rewriting it.
#
# Edits are exact character spans of the original source (found with ast
# positions), so comments and formatting outside the rewritten expression
# survive. Standard library only; Python 3.9+ (ast end positions).
#
# Input: the global INPUT (when exec'd by erosion) or JSON on stdin:
#   {"cells": [source, ...], "failure": {"cell": i, "type": ..., "message": ...,
#    "traceback": ...} | null}
# Output: one line on stdout, MARK + JSON + MARK:
#   {"cells": [...], "edits": [{"rule", "cell", "line", "before", "after"}],
#    "warnings": [...]}

import ast
import builtins
import io
import json
import re
import sys
import warnings

MARK = "@@EROSION-RULES@@"


# ---------------------------------------------------------------------------
# Sources: masking IPython syntax, positions, edits
# ---------------------------------------------------------------------------

PYTHON_CELL_MAGICS = ("time", "timeit", "capture", "prun")
MAGIC_START = re.compile(r"^\s*(%|!|[\w.]+\s*=\s*[%!])")
HELP_LINE = re.compile(r"^\s*[\w.]+\?\??\s*$")


def statement_starts(lines):
    """Yields, per line, whether it starts a new statement: outside brackets,
    strings and backslash continuations. A magic line is only a magic there
    (`% b)` inside parentheses is Python's modulo)."""
    depth, quote, cont = 0, None, False
    out = []
    for line in lines:
        start = depth == 0 and quote is None and not cont
        out.append(start)
        if start and (MAGIC_START.match(line) or HELP_LINE.match(line)):
            cont = line.rstrip().endswith("\\")
            continue
        i, n, cont = 0, len(line), False
        while i < n:
            c = line[i]
            if quote:
                if c == "\\":
                    i += 2
                    continue
                if line.startswith(quote, i):
                    i += len(quote)
                    quote = None
                    continue
                i += 1
                continue
            if c == "#":
                break
            if c in "\"'":
                q = line[i:i + 3] if line[i:i + 3] in ('"""', "'''") else c
                quote = q
                i += len(q)
                continue
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth = max(0, depth - 1)
            elif c == "\\" and i == len(line.rstrip("\r")) - 1:
                cont = True
            i += 1
        if quote is not None and len(quote) == 1:
            quote = None  # an unterminated short string ends at the line end
    return out


def mask(source):
    """Returns the cell as plain Python with IPython magics, shell escapes
    and help lines blanked to `pass`, line for line, or None when the cell is
    not Python (a %%bash or %%writefile cell)."""
    lines = source.split("\n")
    first = next((l for l in lines if l.strip()), "")
    if first.lstrip().startswith("%%"):
        name = first.strip()[2:].split()[0] if first.strip()[2:] else ""
        if name not in PYTHON_CELL_MAGICS:
            return None
        idx = lines.index(first)
        lines[idx] = "pass"
    starts = statement_starts(lines)
    out = []
    masking = False
    for line, start in zip(lines, starts):
        if masking or (start and (MAGIC_START.match(line) or HELP_LINE.match(line))):
            indent = line[:len(line) - len(line.lstrip())]
            out.append(indent + "pass")
            masking = line.rstrip().endswith("\\")
            continue
        out.append(line)
    return "\n".join(out)


class Cell(object):
    def __init__(self, idx, source):
        self.idx = idx
        self.source = source
        self.lines = source.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.masked = mask(source)
        self.tree = None
        if self.masked is not None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self.tree = ast.parse(self.masked)
            except (SyntaxError, ValueError):
                self.tree = None
        self.mlines = self.masked.split("\n") if self.masked is not None else []
        self.parents = {}
        if self.tree is not None:
            for node in ast.walk(self.tree):
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node

    def off(self, lineno, byte_col):
        """Character offset in the source of an ast (line, UTF-8 byte column)."""
        line = self.mlines[lineno - 1]
        col = len(line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))
        return self.starts[lineno - 1] + col

    def start(self, node):
        return self.off(node.lineno, node.col_offset)

    def end(self, node):
        return self.off(node.end_lineno, node.end_col_offset)

    def seg(self, node):
        return self.source[self.start(node):self.end(node)]

    def line_of(self, offset):
        lo = 0
        for i, s in enumerate(self.starts):
            if s <= offset:
                lo = i
        return lo + 1

    def nodes(self, kind=None):
        if self.tree is None:
            return []
        return [n for n in ast.walk(self.tree) if kind is None or isinstance(n, kind)]

    def statement(self, node):
        """The innermost statement holding node."""
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parents.get(node)
        return node


class Edit(object):
    def __init__(self, rule, cell, start, end, text, meaning=False):
        self.rule, self.cell, self.start, self.end, self.text = rule, cell, start, end, text
        # This edit may change what the notebook computes or shows (beyond
        # what its catalog entry already says).
        self.meaning = meaning

    def key(self):
        return (self.cell.idx, self.start, self.end, self.text)


def attr_span(cell, node):
    """Span of the attribute name of an ast.Attribute (its last characters)."""
    end = cell.end(node)
    return end - len(node.attr), end


def top_statement(cell, node):
    """The cell's top-level statement that holds node (None inside none)."""
    stmt = cell.statement(node)
    while stmt is not None and not isinstance(cell.parents.get(stmt), ast.Module):
        stmt = cell.statement(cell.parents.get(stmt))
    return stmt


def call_arg_nodes(call):
    """Arguments and keywords of a call in source order."""
    items = list(call.args) + list(call.keywords)
    return sorted(items, key=lambda n: (n.lineno, n.col_offset))


def remove_keyword(rule, cell, call, kw):
    """Deletes keyword kw from call, with the comma that separates it."""
    items = call_arg_nodes(call)
    i = items.index(kw)
    if i > 0:
        return Edit(rule, cell, cell.end(items[i - 1]), cell.end(kw), "")
    if len(items) > 1:
        return Edit(rule, cell, cell.start(kw), cell.start(items[1]), "")
    return Edit(rule, cell, cell.start(kw), cell.end(kw), "")


def from_module_edit(rule, cell, node, new):
    """Rewrites the module path of `from <module> import ...` (node) to
    new, leaving the imported names as they are; None when the statement
    is spelled in a way the path cannot be found in."""
    m = re.match(r"from\s+([\w.\s]+?)\s+import", cell.seg(node))
    if not m or re.sub(r"\s", "", m.group(1)) != node.module:
        return None
    s = cell.start(node) + m.start(1)
    return Edit(rule, cell, s, s + len(m.group(1)), new)


def remove_keywords(rule, cell, call, kws):
    """Deletes several keywords from call in one edit (one per keyword
    would clash on the commas between them)."""
    if len(kws) == 1:
        return remove_keyword(rule, cell, call, kws[0])
    items = call_arg_nodes(call)
    keep = [cell.seg(n) for n in items if not any(n is k for k in kws)]
    return Edit(rule, cell, cell.start(items[0]), cell.end(items[-1]), ", ".join(keep))


def append_args(rule, cell, call, text):
    """Inserts `text` (e.g. "kind='point'") as the call's last argument."""
    items = call_arg_nodes(call)
    if items:
        return Edit(rule, cell, cell.end(items[-1]), cell.end(items[-1]), ", " + text)
    close = cell.end(call) - 1  # the closing parenthesis
    return Edit(rule, cell, close, close, text)


def keyword_name_span(cell, kw):
    start = cell.start(kw)
    return start, start + len(kw.arg)


def str_const(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def replace_str(rule, cell, node, new):
    """Rewrites a string literal's value, keeping its quotes and prefix."""
    seg = cell.seg(node)
    m = re.match(r"^([rRbBuU]{0,2})(['\"]{1,3})(.*)(\2)$", seg, re.S)
    if not m or m.group(3) != node.value:
        return None
    q = m.group(2)
    return Edit(rule, cell, cell.start(node), cell.end(node), m.group(1) + q + new + q)


# ---------------------------------------------------------------------------
# Names: which module or object a dotted expression refers to
# ---------------------------------------------------------------------------

class Names(object):
    def __init__(self, cells):
        self.aliases = {}
        self.star = []  # modules imported with `from m import *`
        self.bound = set()  # names assigned, defined or bound by a loop anywhere
        for cell in cells:
            for node in cell.nodes():
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    self.bound.add(node.id)
                elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    self.bound.add(node.name)
                elif isinstance(node, ast.arg):
                    self.bound.add(node.arg)
            for node in cell.nodes(ast.ImportFrom):
                if node.module and not node.level and any(a.name == "*" for a in node.names):
                    self.star.append(node.module)
        for cell in cells:
            for node in cell.nodes((ast.Import, ast.ImportFrom)):
                if isinstance(node, ast.Import):
                    for a in node.names:
                        if a.asname:
                            self.aliases[a.asname] = a.name
                        else:
                            top = a.name.split(".")[0]
                            self.aliases[top] = top
                elif node.module and not node.level:
                    for a in node.names:
                        if a.name != "*":
                            self.aliases[a.asname or a.name] = node.module + "." + a.name

    def qual(self, node):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        if node.id not in self.aliases:
            # After one `from m import *`, a name nothing else binds comes
            # from m (Imputer after `from sklearn.preprocessing import *`).
            if len(self.star) == 1 and node.id not in self.bound and not hasattr(builtins, node.id):
                return ".".join([self.star[0], node.id] + parts[::-1])
            return None
        return ".".join([self.aliases[node.id]] + parts[::-1])

    def alias_of(self, module):
        """The name a module is bound to (e.g. 'np' for numpy), or None."""
        best = None
        for name, target in self.aliases.items():
            if target == module and (best is None or len(name) < len(best)):
                best = name
        return best

    def uses(self, prefix):
        return any(t == prefix or t.startswith(prefix + ".") for t in self.aliases.values())


# ---------------------------------------------------------------------------
# The environment: is an old API really gone here?
# ---------------------------------------------------------------------------

MISSING = object()


class Env(object):
    def __init__(self):
        self.cache = {}

    def get(self, dotted):
        """The object at a dotted path (module attributes included), or MISSING."""
        if dotted in self.cache:
            return self.cache[dotted]
        import importlib
        obj = MISSING
        parts = dotted.split(".")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i in range(len(parts), 0, -1):
                try:
                    mod = importlib.import_module(".".join(parts[:i]))
                except Exception:
                    continue
                obj = mod
                for p in parts[i:]:
                    try:
                        obj = getattr(obj, p)
                    except Exception:
                        obj = MISSING
                        break
                break
        self.cache[dotted] = obj
        return obj

    def has(self, dotted):
        return self.get(dotted) is not MISSING

    def findable(self, top):
        import importlib.util
        try:
            return importlib.util.find_spec(top) is not None
        except Exception:
            return False

    def raises(self, code):
        """Whether a probe (a snippet using an old API) raises here."""
        key = "probe:" + code
        if key not in self.cache:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    exec(compile(code, "<probe>", "exec"), {"__name__": "erosion_probe"})
                    self.cache[key] = False
                except Exception:
                    self.cache[key] = True
        return self.cache[key]

    def module_exists(self, name):
        import importlib
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                importlib.import_module(name)
                return True
            except Exception:
                return False

    def params(self, dotted):
        """Parameter names of a callable, or None when unknown."""
        obj = self.get(dotted)
        if obj is MISSING:
            return None
        import inspect
        try:
            return list(inspect.signature(obj).parameters.values())
        except (TypeError, ValueError):
            return None

    def accepts_kw(self, dotted, name):
        ps = self.params(dotted)
        if ps is None:
            return None
        return any(p.name == name and p.kind != p.VAR_POSITIONAL for p in ps)

    def sk_accepts(self, dotted, param, value):
        """Whether a scikit-learn estimator accepts param=value, by its own
        parameter constraints (1.2+); True when it has none to ask."""
        cls = self.get(dotted)
        if cls is MISSING:
            return True
        cons = getattr(cls, "_parameter_constraints", None)
        if not cons or param not in cons:
            return True
        try:
            from sklearn.utils._param_validation import validate_parameter_constraints
        except Exception:
            return True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                validate_parameter_constraints({param: cons[param]}, {param: value}, caller_name=cls.__name__)
                return True
            except Exception:
                return False


# ---------------------------------------------------------------------------
# Failures: which notebook lines the traceback goes through
# ---------------------------------------------------------------------------

FRAME = re.compile(r'File "(?:<ipython-input-(\d+)-[0-9a-f]+>|<cell>)", line (\d+)[^\n]*\n(?:    ([^\n]*))?')


class Failure(object):
    def __init__(self, d, cells):
        self.cell = d.get("cell", -1)
        self.type = d.get("type") or ""
        self.message = d.get("message") or ""
        self.traceback = d.get("traceback") or ""
        self.text = self.type + ": " + self.message + "\n" + self.traceback
        self.lines = set()  # (cell index, line)
        for m in FRAME.finditer(self.traceback):
            count, line, text = m.group(1), int(m.group(2)), (m.group(3) or "").strip()
            guess = int(count) - 1 if count else self.cell
            found = self.locate(cells, guess, line, text)
            if found is not None:
                self.lines.add((found, line))
        if not self.lines and 0 <= self.cell < len(cells):
            for i in range(len(cells[self.cell].lines)):
                self.lines.add((self.cell, i + 1))

    def locate(self, cells, guess, line, text):
        def fits(i):
            if not (0 <= i < len(cells)):
                return False
            ls = cells[i].lines
            return line <= len(ls) and (not text or ls[line - 1].strip() == text)
        order = [guess, self.cell] + sorted(range(len(cells)), key=lambda i: abs(i - guess))
        for i in order:
            if fits(i):
                return i
        return None

    def touches(self, cell, node):
        """Whether node spans a line of cell the traceback goes through."""
        return any((cell.idx, l) in self.lines for l in range(node.lineno, node.end_lineno + 1))

    def says(self, *patterns):
        return any(re.search(p, self.text) for p in patterns)


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------

RULES = []


class Rule(object):
    def __init__(self, name, doc, fn, trigger):
        self.name, self.doc, self.fn, self.trigger = name, doc, fn, trigger


def rule(name, doc, trigger=None):
    """Registers a rule. fn(ctx, failure) returns edits; failure is None in
    the static scan, where a rule only makes edits it is sure of. trigger
    (regexes over the failure's type, message and traceback) says when the
    failure is this rule's business."""
    def deco(fn):
        RULES.append(Rule(name, doc, fn, trigger or []))
        return fn
    return deco


class Ctx(object):
    def __init__(self, cells, env):
        self.cells = cells
        self.names = Names(cells)
        self.env = env
        self.imports = {}  # cell index -> [import lines a rewrite needs], in order

    def need_import(self, cell, line):
        lst = self.imports.setdefault(cell.idx, [])
        if line not in lst:
            lst.append(line)

    def expr_for(self, cell, dotted):
        """An expression for a module or a module's attribute in this
        notebook: its alias when one is bound (np.nan for numpy.nan), else
        the module, imported in the cell."""
        best = self.names.alias_of(dotted)
        if best:
            return best
        mod, _, last = dotted.rpartition(".")
        if mod and not self.env.module_exists(dotted):
            a = self.names.alias_of(mod)
            if a:
                return a + "." + last
        parts = dotted.split(".")
        if parts[0] in EAGER_PACKAGES:
            for i in range(len(parts) - 1, 0, -1):
                a = self.names.alias_of(".".join(parts[:i]))
                if a:
                    return ".".join([a] + parts[i:])
        if self.env.module_exists(dotted):
            mod, last = dotted, ""
        top = mod.split(".")[0]
        if top in self.names.aliases and self.names.aliases[top] != top or top in self.names.bound:
            # The name is taken by something else (from datetime import datetime).
            text = "__import__(%r)" % mod if "." not in mod else "__import__(%r, fromlist=['_'])" % mod
        else:
            self.need_import(cell, "import " + mod)
            text = mod
        return text + ("." + last if last else "")

    def template(self, cell, tpl, parts):
        """Fills {field}s: call parts (recv, 0, 0!p, args, rest, kw:name,
        kwargs, func) and {mod:dotted} (an expression for a module or its
        attribute); None when a field is missing."""
        missing = []

        def sub(m):
            k = m.group(1)
            if k.startswith("mod:"):
                return self.expr_for(cell, k[4:])
            if k in parts:
                return parts[k]
            missing.append(k)
            return ""
        out = TEMPLATE_FIELD.sub(sub, tpl)
        return None if missing else out

    def calls(self):
        for cell in self.cells:
            for node in cell.nodes(ast.Call):
                yield cell, node

    def attributes(self):
        for cell in self.cells:
            for node in cell.nodes(ast.Attribute):
                yield cell, node


# --- scikit-learn ---------------------------------------------------------

MOVED_MODULES = {
    "sklearn.cross_validation": "sklearn.model_selection",
    "sklearn.grid_search": "sklearn.model_selection",
    "sklearn.learning_curve": "sklearn.model_selection",
}


@rule("sklearn-model-selection",
      "sklearn.cross_validation, grid_search and learning_curve (removed in 0.20) -> sklearn.model_selection",
      trigger=[r"sklearn\.(cross_validation|grid_search|learning_curve)", r"cannot import name '(cross_validation|grid_search|learning_curve)'"])
def sklearn_model_selection(ctx, failure):
    edits = []
    gone = {old: new for old, new in MOVED_MODULES.items() if not ctx.env.module_exists(old)}
    if not gone:
        return edits
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            if node.level:
                continue
            if node.module in gone:
                e = from_module_edit("sklearn-model-selection", cell, node, gone[node.module])
                if e:
                    edits.append(e)
            elif node.module == "sklearn":
                for a in node.names:
                    full = "sklearn." + a.name
                    if full in gone:
                        # `from sklearn import cross_validation` keeps its name
                        # bound: the module is imported under the old one.
                        new = gone[full].split(".")[-1] + ("" if a.asname else " as " + a.name)
                        edits.extend(alias_name_edit("sklearn-model-selection", cell, node, a, new))
        for node in cell.nodes(ast.Attribute):
            q = ctx.names.qual(node)
            if q in gone and ctx.names.qual(node.value) == "sklearn":
                s, e = attr_span(cell, node)
                edits.append(Edit("sklearn-model-selection", cell, s, e, gone[q].split(".")[-1]))
        for node in cell.nodes(ast.Import):
            for a in node.names:
                if a.name in gone:
                    edits.extend(alias_name_edit("sklearn-model-selection", cell, node, a, gone[a.name]))
        # importlib.import_module('sklearn.cross_validation') on the
        # failing line.
        if failure is not None:
            for node in cell.nodes(ast.Constant):
                if node.value in gone and failure.touches(cell, node):
                    e = replace_str("sklearn-model-selection", cell, node, gone[node.value])
                    if e:
                        edits.append(e)
    return edits


def alias_name_edit(rule_name, cell, node, alias, new):
    """Replaces the imported name of one alias in an import statement."""
    seg = cell.seg(node)
    base = cell.start(node)
    if hasattr(alias, "lineno"):  # Python 3.10+: aliases have positions
        s = cell.start(alias)
        return [Edit(rule_name, cell, s, s + len(alias.name), new)]
    m = re.search(r"(?<![\w.])" + re.escape(alias.name) + r"(?![\w.])", seg[seg.find(" import ") + 1:] if " import " in seg else seg)
    if not m:
        return []
    off = base + (seg.find(" import ") + 1 if " import " in seg else 0) + m.start()
    return [Edit(rule_name, cell, off, off + len(alias.name), new)]


CV_CLASSES = ("KFold", "StratifiedKFold", "ShuffleSplit", "StratifiedShuffleSplit")


@rule("sklearn-cv-iterators",
      "0.17 CV iterators: KFold(len(X), n_folds=k) / StratifiedKFold(y, n_folds=k) -> KFold(n_splits=k), iterated as .split(X) / .split(y, y)",
      trigger=[r"unexpected keyword argument 'n_folds'", r"unexpected keyword argument 'n_iter'", r"object is not iterable"])
def sklearn_cv_iterators(ctx, failure):
    R = "sklearn-cv-iterators"
    edits = []
    cvvars = {}
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        mod, _, cls = q.rpartition(".")
        if cls not in CV_CLASSES or not call.args or not mod.startswith("sklearn."):
            continue
        kws = {k.arg: k for k in call.keywords}
        # The old signature, surely: from an old module, or with its
        # keywords. KFold(5, ...) from model_selection is today's n_splits.
        if mod in MOVED_MODULES:
            mod = MOVED_MODULES[mod]
        elif not ("n_folds" in kws or (cls in ("ShuffleSplit", "StratifiedShuffleSplit") and "n_iter" in kws)):
            continue
        ps = ctx.env.params(mod + "." + cls)
        if ps is None or {"n_folds", "n"} & {p.name for p in ps}:
            continue  # the old signature still works here
        first = call.args[0]
        # What the iterator was built for: len(X) / X.shape[0] / the labels.
        if cls in ("KFold", "ShuffleSplit"):
            if isinstance(first, ast.Call) and isinstance(first.func, ast.Name) and first.func.id == "len" and len(first.args) == 1:
                split = cell.seg(first.args[0])
            elif isinstance(first, ast.Subscript) and isinstance(first.value, ast.Attribute) and first.value.attr == "shape":
                split = cell.seg(first.value.value)
            else:
                split = "range(" + cell.seg(first) + ")"  # only its length matters
        else:
            if isinstance(first, ast.Constant):
                continue
            split = cell.seg(first) + ", " + cell.seg(first)
        items = call_arg_nodes(call)
        nxt = items[1] if len(items) > 1 else None
        edits.append(Edit(R, cell, cell.start(first), cell.start(nxt) if nxt else cell.end(first), ""))
        for old, new in (("n_folds", "n_splits"), ("n_iter", "n_splits")):
            if old in kws:
                s, e = keyword_name_span(cell, kws[old])
                edits.append(Edit(R, cell, s, e, new))
        # The second positional argument was n_folds / n_iter.
        if len(call.args) > 1:
            edits.append(Edit(R, cell, cell.start(call.args[1]), cell.start(call.args[1]), "n_splits="))
        if len(call.args) > 2:
            continue
        # The old KFold ignored random_state without shuffle=True; the new
        # one refuses it (ValueError), so it goes: it never had an effect.
        sh = kws.get("shuffle")
        shuffled = sh is not None and not (isinstance(sh.value, ast.Constant) and not sh.value.value)
        if cls in ("KFold", "StratifiedKFold") and "random_state" in kws and not shuffled:
            edits.append(remove_keyword(R, cell, call, kws["random_state"]))
        parent = cell.parents.get(call)
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            cvvars[parent.targets[0].id] = split
        elif isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is call:
            e = cell.end(call)
            edits.append(Edit(R, cell, e, e, ".split(" + split + ")"))
    # Iterating over the old object: `for tr, te in kf:` -> kf.split(X).
    for cell in ctx.cells:
        for node in cell.nodes((ast.For, ast.comprehension)):
            it = node.iter
            if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "enumerate" and it.args:
                it = it.args[0]
            if isinstance(it, ast.Name) and it.id in cvvars:
                e = cell.end(it)
                edits.append(Edit(R, cell, e, e, ".split(" + cvvars[it.id] + ")"))
    return edits


@rule("sklearn-joblib",
      "sklearn.externals.joblib (removed in 0.23) -> joblib",
      trigger=[r"sklearn\.externals"])
def sklearn_joblib(ctx, failure):
    edits = []
    if ctx.env.module_exists("sklearn.externals.joblib") or not ctx.env.module_exists("joblib"):
        return edits
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            if node.module == "sklearn.externals" and [a.name for a in node.names] == ["joblib"]:
                a = node.names[0]
                edits.append(Edit("sklearn-joblib", cell, cell.start(node), cell.end(node), "import joblib" + (" as " + a.asname if a.asname else "")))
            elif node.module == "sklearn.externals.joblib":
                e = from_module_edit("sklearn-joblib", cell, node, "joblib")
                if e:
                    edits.append(e)
    return edits


@rule("sklearn-private-modules",
      "sklearn.<package>.<module> (made private in 0.22, the old path removed in 0.24) -> the public sklearn.<package>",
      trigger=[r"No module named 'sklearn\.\w+\.\w+'"])
def sklearn_private_modules(ctx, failure):
    R = "sklearn-private-modules"
    edits = []
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            mod = node.module or ""
            parts = mod.split(".")
            if node.level or parts[0] != "sklearn" or len(parts) < 3 or parts[-1].startswith("_"):
                continue
            if any(a.name == "*" for a in node.names) or ctx.env.module_exists(mod):
                continue
            pkg = ".".join(parts[:-1])
            # The environment proves the move: the old module is gone and
            # its public package has every name imported from it.
            if not ctx.env.module_exists(pkg) or not all(ctx.env.has(pkg + "." + a.name) for a in node.names):
                continue
            e = from_module_edit(R, cell, node, pkg)
            if e:
                edits.append(e)
    return edits


@rule("sklearn-imputer",
      "preprocessing.Imputer (removed in 0.22) -> impute.SimpleImputer; axis=0 dropped, missing_values='NaN' -> np.nan",
      trigger=[r"cannot import name 'Imputer'", r"has no attribute 'Imputer'"])
def sklearn_imputer(ctx, failure):
    R = "sklearn-imputer"
    edits = []
    if ctx.env.has("sklearn.preprocessing.Imputer") or not ctx.env.has("sklearn.impute.SimpleImputer"):
        return edits
    renamed = False  # the bare name Imputer is rebound to SimpleImputer
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            if node.module != "sklearn.preprocessing":
                continue
            old = [a for a in node.names if a.name == "Imputer"]
            if not old:
                continue
            renamed = renamed or not old[0].asname
            seg = cell.seg(node)
            if len(node.names) == 1:
                m = re.match(r"from\s+([\w.\s]+?)\s+import\s+\(?\s*Imputer\b", seg)
                if m:
                    s = cell.start(node)
                    edits.append(Edit(R, cell, s + m.start(1), s + m.end(), "sklearn.impute import SimpleImputer"))
            else:
                # Keep the other names; SimpleImputer gets a line of its own.
                m = re.match(r"from\s+[\w.\s]+?\s+import\s+", seg)
                body = ", ".join(x.name + (" as " + x.asname if x.asname else "") for x in node.names if x is not old[0])
                indent = cell.lines[node.lineno - 1][:node.col_offset]
                line = "from sklearn.impute import SimpleImputer" + (" as " + old[0].asname if old[0].asname else "")
                edits.append(Edit(R, cell, cell.start(node), cell.end(node), seg[:m.end()] + body + "\n" + indent + line))
    nan = ctx.names.alias_of("numpy")
    nan = nan + ".nan" if nan else "float('nan')"
    for cell in ctx.cells:
        for node in cell.nodes(ast.Name):
            if renamed and node.id == "Imputer":
                edits.append(Edit(R, cell, cell.start(node), cell.end(node), "SimpleImputer"))
            elif not renamed and node.id == "Imputer" and isinstance(node.ctx, ast.Load) and ctx.names.qual(node) == "sklearn.preprocessing.Imputer":
                # From `from sklearn.preprocessing import *`: no import to rewrite.
                edits.append(Edit(R, cell, cell.start(node), cell.end(node), ctx.expr_for(cell, "sklearn.impute.SimpleImputer")))
        for call in cell.nodes(ast.Call):
            q = ctx.names.qual(call.func) or ""
            if q != "sklearn.preprocessing.Imputer":
                continue
            mine = []
            if isinstance(call.func, ast.Attribute):
                # preprocessing.Imputer(...) (pp.Imputer, sklearn.preprocessing.Imputer): no import to rewrite.
                mine.append(Edit(R, cell, cell.start(call.func), cell.end(call.func), ctx.expr_for(cell, "sklearn.impute.SimpleImputer")))
            for kw in call.keywords:
                if kw.arg == "axis":
                    if isinstance(kw.value, ast.Constant) and kw.value.value == 0:
                        mine.append(remove_keyword(R, cell, call, kw))
                    else:
                        mine = None  # axis=1 imputed rows: no like-for-like rewrite
                        break
                elif kw.arg == "missing_values" and str_const(kw.value) in ("NaN", "nan", "NAN"):
                    mine.append(Edit(R, cell, cell.start(kw.value), cell.end(kw.value), nan))
            # Imputer(missing_values, strategy, axis, ...) positionally
            if mine is None or len(call.args) >= 3:
                continue
            if call.args and str_const(call.args[0]) in ("NaN", "nan", "NAN"):
                mine.append(Edit(R, cell, cell.start(call.args[0]), cell.end(call.args[0]), nan))
            edits.extend(mine)
    return edits


TREE_ESTIMATORS = re.compile(r"(RandomForest|ExtraTrees|DecisionTree|ExtraTree|GradientBoosting)(Classifier|Regressor)$")


@rule("sklearn-max-features-auto",
      "max_features='auto' (removed in 1.3) -> 'sqrt' for classifiers, 1.0 for regressors",
      trigger=[r"max_features.*Got 'auto'", r"max_features.*auto"])
def sklearn_max_features(ctx, failure):
    R = "sklearn-max-features-auto"
    edits = []
    kinds = {}
    for cell, call in ctx.calls():
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        m = TREE_ESTIMATORS.search(name or "")
        if m:
            kinds[m.group(0)] = m.group(2)
    if not kinds:
        return edits

    def gone(cls):
        for mod in ("sklearn.ensemble", "sklearn.tree"):
            if ctx.env.has(mod + "." + cls):
                return not ctx.env.sk_accepts(mod + "." + cls, "max_features", "auto")
        return False

    def value(kind):
        return "'sqrt'" if kind == "Classifier" else "1.0"

    # Direct constructor keywords: the class says what 'auto' meant.
    for cell, call in ctx.calls():
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        m = TREE_ESTIMATORS.search(name or "")
        if not m or not gone(m.group(0)):
            continue
        for kw in call.keywords:
            if kw.arg == "max_features" and str_const(kw.value) == "auto":
                edits.append(Edit(R, cell, cell.start(kw.value), cell.end(kw.value), value(m.group(2))))
    # Parameter grids: the estimator is the one the failure names, or the
    # only kind of tree estimator the notebook uses.
    kind = None
    if failure is not None:
        m = re.search(r"max_features' parameter of (\w+)", failure.text)
        if m and TREE_ESTIMATORS.search(m.group(1)):
            kind = TREE_ESTIMATORS.search(m.group(1)).group(2)
    if kind is None and len(set(kinds.values())) == 1 and any(gone(c) for c in kinds):
        kind = list(kinds.values())[0]
    if kind is None:
        return edits

    def grid_value(cell, v):
        if not isinstance(v, (ast.List, ast.Tuple)):
            if str_const(v) == "auto":
                edits.append(Edit(R, cell, cell.start(v), cell.end(v), value(kind)))
            return
        new = value(kind)
        present = any(cell.seg(e) == new or (isinstance(e, ast.Constant) and repr(e.value) == new) for e in v.elts)
        for i, e in enumerate(v.elts):
            if str_const(e) != "auto":
                continue
            if present and len(v.elts) > 1:
                # ['auto', 'sqrt'] was two names for one setting: keep one.
                if i + 1 < len(v.elts):
                    edits.append(Edit(R, cell, cell.start(e), cell.start(v.elts[i + 1]), ""))
                else:
                    edits.append(Edit(R, cell, cell.end(v.elts[i - 1]), cell.end(e), ""))
            else:
                edits.append(Edit(R, cell, cell.start(e), cell.end(e), new))
                present = True
    for cell in ctx.cells:
        for d in cell.nodes(ast.Dict):
            for k, v in zip(d.keys, d.values):
                key = str_const(k) if k is not None else None
                if key is not None and (key == "max_features" or key.endswith("__max_features")):
                    grid_value(cell, v)
        for call in cell.nodes(ast.Call):
            if isinstance(call.func, ast.Name) and call.func.id == "dict" or (isinstance(call.func, ast.Attribute) and call.func.attr == "set_params"):
                for kw in call.keywords:
                    if kw.arg and (kw.arg == "max_features" or kw.arg.endswith("__max_features")):
                        grid_value(cell, kw.value)
    return edits


@rule("sklearn-onehot-sparse-output",
      "OneHotEncoder(sparse=...) (renamed 1.2, removed 1.4) -> sparse_output=...",
      trigger=[r"unexpected keyword argument 'sparse'"])
def sklearn_onehot(ctx, failure):
    R = "sklearn-onehot-sparse-output"
    edits = []
    if ctx.env.accepts_kw("sklearn.preprocessing.OneHotEncoder", "sparse") is not False:
        return edits
    if not ctx.env.accepts_kw("sklearn.preprocessing.OneHotEncoder", "sparse_output"):
        return edits
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if not (q.endswith("OneHotEncoder") or name == "OneHotEncoder"):
            continue
        for kw in call.keywords:
            if kw.arg == "sparse":
                s, e = keyword_name_span(cell, kw)
                edits.append(Edit(R, cell, s, e, "sparse_output"))
    return edits


@rule("sklearn-squared-false",
      "mean_squared_error(..., squared=False) (removed in 1.6) -> root_mean_squared_error(...)",
      trigger=[r"unexpected keyword argument 'squared'"])
def sklearn_squared(ctx, failure):
    R = "sklearn-squared-false"
    edits = []
    static_gone = ctx.env.accepts_kw("sklearn.metrics.mean_squared_error", "squared") is False
    if not static_gone and not (failure is not None and failure.says(r"unexpected keyword argument 'squared'")):
        return edits
    rmse = ctx.env.has("sklearn.metrics.root_mean_squared_error")
    np_alias = ctx.names.alias_of("numpy")
    imported_rmse = False
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        if q not in ("sklearn.metrics.mean_squared_error", "sklearn.metrics.mean_squared_log_error"):
            continue
        kw = next((k for k in call.keywords if k.arg == "squared"), None)
        if kw is None or not isinstance(kw.value, ast.Constant) or kw.value.value not in (True, False):
            continue
        edits.append(remove_keyword(R, cell, call, kw))
        if kw.value.value is True:
            continue
        f = call.func
        if rmse:
            if isinstance(f, ast.Attribute):
                s, e = attr_span(cell, f)
                edits.append(Edit(R, cell, s, e, "root_" + f.attr))
            else:
                edits.append(Edit(R, cell, cell.start(f), cell.end(f), "root_" + q.rsplit(".", 1)[1]))
                imported_rmse = True
        else:
            # No root_* function here: take the square root of the result.
            if np_alias:
                edits.append(Edit(R, cell, cell.start(call), cell.start(call), np_alias + ".sqrt("))
                edits.append(Edit(R, cell, cell.end(call), cell.end(call), ")"))
            else:
                edits.append(Edit(R, cell, cell.start(call), cell.start(call), "("))
                edits.append(Edit(R, cell, cell.end(call), cell.end(call), " ** 0.5)"))
    if imported_rmse:
        # Add root_* next to each imported mean_squared_*_error it replaces.
        done = set()
        for cell in ctx.cells:
            for node in cell.nodes(ast.ImportFrom):
                if node.module != "sklearn.metrics":
                    continue
                have = {a.name for a in node.names}
                for a in node.names:
                    if a.name in ("mean_squared_error", "mean_squared_log_error") and "root_" + a.name not in have and a.name not in done and not a.asname:
                        done.add(a.name)
                        seg = cell.seg(node)
                        if seg.rstrip().endswith(")"):
                            close = cell.start(node) + seg.rstrip().rfind(")")
                            edits.append(Edit(R, cell, close, close, ", root_" + a.name))
                        else:
                            e = cell.end(node)
                            edits.append(Edit(R, cell, e, e, ", root_" + a.name))
    return edits


SK_MODULES = ("sklearn.ensemble", "sklearn.tree", "sklearn.linear_model")


@rule("sklearn-base-estimator",
      "base_estimator= of Bagging/AdaBoost (removed in 1.4) -> estimator=",
      trigger=[r"unexpected keyword argument 'base_estimator'"])
def sklearn_base_estimator(ctx, failure):
    R = "sklearn-base-estimator"
    edits = []
    for cell, call in ctx.calls():
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if name not in ("BaggingClassifier", "BaggingRegressor", "AdaBoostClassifier", "AdaBoostRegressor", "CalibratedClassifierCV"):
            continue
        mod = "sklearn.calibration" if name == "CalibratedClassifierCV" else "sklearn.ensemble"
        if ctx.env.accepts_kw(mod + "." + name, "base_estimator") is not False or not ctx.env.accepts_kw(mod + "." + name, "estimator"):
            continue
        for kw in call.keywords:
            if kw.arg == "base_estimator":
                s, e = keyword_name_span(cell, kw)
                edits.append(Edit(R, cell, s, e, "estimator"))
    return edits


@rule("sklearn-feature-names-out",
      "get_feature_names() (removed in 1.2) -> get_feature_names_out()",
      trigger=[r"has no attribute 'get_feature_names'"])
def sklearn_feature_names(ctx, failure):
    R = "sklearn-feature-names-out"
    edits = []
    if not ctx.names.uses("sklearn"):
        return edits
    if ctx.env.has("sklearn.preprocessing.OneHotEncoder.get_feature_names") or not ctx.env.has("sklearn.preprocessing.OneHotEncoder.get_feature_names_out"):
        return edits
    for cell, node in ctx.attributes():
        if node.attr == "get_feature_names" and isinstance(cell.parents.get(node), ast.Call):
            s, e = attr_span(cell, node)
            edits.append(Edit(R, cell, s, e, "get_feature_names_out"))
    return edits


@rule("sklearn-kfold-random-state",
      "KFold/StratifiedKFold(random_state=...) without shuffle=True (an error since 0.24, and it never had an effect) -> random_state dropped",
      trigger=[r"Setting a random_state has no effect since shuffle is False"])
def sklearn_kfold_random_state(ctx, failure):
    R = "sklearn-kfold-random-state"
    edits = []
    if failure is None:
        # Only after the error: whether it is raised depends on the version.
        return edits
    for cell, call in ctx.calls():
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if name not in ("KFold", "StratifiedKFold", "GroupKFold", "RepeatedKFold"):
            continue
        kws = {k.arg: k for k in call.keywords}
        sh = kws.get("shuffle")
        shuffled = sh is not None and not (isinstance(sh.value, ast.Constant) and sh.value.value is False)
        if len(call.args) >= 2:
            shuffled = not (isinstance(call.args[1], ast.Constant) and call.args[1].value is False)
        if "random_state" in kws and not shuffled:
            edits.append(remove_keyword(R, cell, call, kws["random_state"]))
    return edits


SK_PLOT_FUNCS = {
    "plot_roc_curve": ("sklearn.metrics", "RocCurveDisplay"),
    "plot_confusion_matrix": ("sklearn.metrics", "ConfusionMatrixDisplay"),
    "plot_precision_recall_curve": ("sklearn.metrics", "PrecisionRecallDisplay"),
    "plot_det_curve": ("sklearn.metrics", "DetCurveDisplay"),
    "plot_partial_dependence": ("sklearn.inspection", "PartialDependenceDisplay"),
}


@rule("sklearn-plot-displays",
      "metrics.plot_roc_curve/plot_confusion_matrix/... (removed in 1.2) -> RocCurveDisplay.from_estimator/ConfusionMatrixDisplay.from_estimator/...",
      trigger=[r"cannot import name '(plot_roc_curve|plot_confusion_matrix|plot_precision_recall_curve|plot_det_curve|plot_partial_dependence)'"])
def sklearn_plot_displays(ctx, failure):
    R = "sklearn-plot-displays"
    edits = []
    gone = {f: v for f, v in SK_PLOT_FUNCS.items()
            if not ctx.env.has(v[0] + "." + f) and ctx.env.has(v[0] + "." + v[1] + ".from_estimator")}
    if not gone:
        return edits
    local = {}  # name bound by the import -> the old function
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            for a in node.names:
                if a.name in gone and node.module == gone[a.name][0]:
                    # The class is imported instead (under the same alias).
                    edits.extend(alias_name_edit(R, cell, node, a, gone[a.name][1]))
                    local[a.asname or a.name] = a.name
    for cell in ctx.cells:
        for node in cell.nodes(ast.Name):
            if node.id in local and not isinstance(node.ctx, ast.Store):
                new = node.id if node.id != local[node.id] else gone[node.id][1]
                edits.append(Edit(R, cell, cell.start(node), cell.end(node), new + ".from_estimator"))
        for node in cell.nodes(ast.Attribute):
            if node.attr in gone and ctx.names.qual(node.value) == gone[node.attr][0]:
                s, e = attr_span(cell, node)
                edits.append(Edit(R, cell, s, e, gone[node.attr][1] + ".from_estimator"))
    return edits


GRID_SCORES = """def _grid_scores(search):
    \"\"\"grid_scores_ as scikit-learn had it before 0.20 (erosion's rule
    sklearn-grid-scores): per candidate, its parameters, mean score and
    per-fold scores, from cv_results_.\"\"\"
    import collections
    import numpy as _np

    class _CVScoreTuple(collections.namedtuple("_CVScoreTuple", ("parameters", "mean_validation_score", "cv_validation_scores"))):
        __slots__ = ()

        def __repr__(self):
            return "mean: {0:.5f}, std: {1:.5f}, params: {2}".format(
                self.mean_validation_score, _np.std(self.cv_validation_scores), self.parameters)

    r = search.cv_results_
    return [_CVScoreTuple(p, r["mean_test_score"][i], _np.array([r["split%d_test_score" % k][i] for k in range(search.n_splits_)]))
            for i, p in enumerate(r["params"])]


"""


@rule("sklearn-grid-scores",
      "search.grid_scores_ (removed in 0.20) -> the same tuples made from search.cv_results_",
      trigger=[r"object has no attribute 'grid_scores_'"])
def sklearn_grid_scores(ctx, failure):
    R = "sklearn-grid-scores"
    edits = []
    if not ctx.names.uses("sklearn") or "_grid_scores" in ctx.names.bound or not ctx.env.raises(
            "from sklearn.model_selection import GridSearchCV\nfrom sklearn.dummy import DummyClassifier\n"
            "GridSearchCV(DummyClassifier(), {'strategy': ['prior']}, cv=2).fit([[0], [1], [0], [1]], [0, 1, 0, 1]).grid_scores_"):
        return edits
    first = None
    for cell, node in ctx.attributes():
        if node.attr != "grid_scores_" or isinstance(cell.parents.get(node), ast.Assign) and node in cell.parents.get(node).targets:
            continue
        edits.append(Edit(R, cell, cell.start(node), cell.end(node), "_grid_scores(" + cell.seg(node.value) + ")"))
        if first is None or (cell.idx, node.lineno) < (first[0].idx, first[1].lineno):
            first = (cell, node)
    if first is None:
        return edits
    stmt = top_statement(*first)
    if stmt is None:
        return []
    at = first[0].start(stmt)
    edits.append(Edit(R, first[0], at, at, GRID_SCORES))
    return edits


# Positional orders that changed between the old signatures and the
# keyword-only ones: fit_params (removed 0.21) and iid (removed 0.24) sat
# among the search classes' parameters. Elsewhere the keyword-only
# parameters kept the old order, as SLEP009 made them.
SK_OLD_POSITIONAL = {
    "GridSearchCV": ("estimator", "param_grid", "scoring", "fit_params", "n_jobs", "iid", "refit", "cv", "verbose",
                     "pre_dispatch", "error_score", "return_train_score"),
    "RandomizedSearchCV": ("estimator", "param_distributions", "n_iter", "scoring", "fit_params", "n_jobs", "iid", "refit",
                           "cv", "verbose", "pre_dispatch", "random_state", "error_score", "return_train_score"),
}
SK_DROPPED_POSITIONAL = ("fit_params", "iid")


@rule("sklearn-keyword-only",
      "SVC(1.0, 'linear'), KFold(5, True, 0), SelectKBest(chi2, 10)... (positional arguments deprecated 0.23, keyword-only since 1.0) -> keywords",
      trigger=[r"takes (from \d+ to )?\d+ positional arguments? but \d+ (positional arguments )?(\(and \d+ keyword-only arguments?\) )?(were|was) given"])
def sklearn_keyword_only(ctx, failure):
    R = "sklearn-keyword-only"
    edits = []
    if not ctx.names.uses("sklearn"):
        return edits
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        if not q.startswith("sklearn.") or not call.args or any(isinstance(a, ast.Starred) for a in call.args):
            continue
        ps = ctx.env.params(q)
        if ps is None or any(p.kind == p.VAR_POSITIONAL for p in ps):
            continue
        npos = len([p for p in ps if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])
        if len(call.args) <= npos:
            continue
        now = [p.name for p in ps]
        order = list(SK_OLD_POSITIONAL.get(q.rsplit(".", 1)[1], now))
        if len(call.args) > len(order) or order[:npos] != now[:npos]:
            continue
        have = {k.arg for k in call.keywords}
        mine = []
        for a, name in zip(call.args[npos:], order[npos:]):
            if name in have:
                mine = None
                break
            if name in now:
                mine.append(("name", a, name))
            elif name in SK_DROPPED_POSITIONAL and (name == "iid" or isinstance(a, ast.Constant) and a.value is None):
                mine.append(("drop", a, name))
            else:
                mine = None
                break
        if not mine:
            continue
        # One edit per argument, so that rewrites inside the others (a
        # nested estimator's own) do not clash with these.
        items = call_arg_nodes(call)
        for kind, a, name in mine:
            if kind == "name":
                edits.append(Edit(R, cell, cell.start(a), cell.start(a), name + "="))
            else:
                prev = items[items.index(a) - 1]
                edits.append(Edit(R, cell, cell.end(prev), cell.end(a), "", meaning=name == "iid"))
    return edits


LOGREG = ("sklearn.linear_model.LogisticRegression", "sklearn.linear_model.logistic.LogisticRegression")


@rule("sklearn-logreg-l1-solver",
      "LogisticRegression(penalty='l1') with the default solver (liblinear until 0.22, lbfgs since, which refuses l1) -> solver='liblinear'",
      trigger=[r"Solver lbfgs supports only 'l2' or (None|'none') penalties, got l1 penalty"])
def sklearn_logreg_l1_solver(ctx, failure):
    # liblinear was the default: naming it gives the old fit exactly (and
    # its one-vs-rest, the old multi_class default, for several classes).
    R = "sklearn-logreg-l1-solver"
    edits = []
    if not ctx.names.uses("sklearn") or not ctx.env.raises(
            "from sklearn.linear_model import LogisticRegression\nLogisticRegression(penalty='l1').fit([[0.0], [1.0]], [0, 1])"):
        return edits
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) not in LOGREG:
            continue
        kws = {k.arg: k for k in call.keywords}
        if None in kws or "solver" in kws or str_const(kws["penalty"].value if "penalty" in kws else None) != "l1":
            continue
        edits.append(append_args(R, cell, call, "solver='liblinear'"))
    return edits


@rule("sklearn-penalty-none",
      "penalty='none' (deprecated 1.2, removed 1.4) -> penalty=None",
      trigger=[r"'penalty' parameter of \w+ must be .*Got 'none' instead"])
def sklearn_penalty_none(ctx, failure):
    R = "sklearn-penalty-none"
    edits = []
    if not ctx.names.uses("sklearn") or ctx.env.sk_accepts("sklearn.linear_model.LogisticRegression", "penalty", "none"):
        return edits
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        if not q.startswith("sklearn."):
            continue
        for k in call.keywords:
            if k.arg == "penalty" and str_const(k.value) == "none":
                edits.append(Edit(R, cell, cell.start(k.value), cell.end(k.value), "None"))
    return edits


# --- pandas -----------------------------------------------------------------

@rule("pandas-ix",
      ".ix[] (removed in 1.0) -> .loc[] (labels), or .iloc[]/.columns[] where the column indexer is positional",
      trigger=[r"has no attribute 'ix'"])
def pandas_ix(ctx, failure):
    R = "pandas-ix"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.has("pandas.DataFrame.ix"):
        return edits
    for cell in ctx.cells:
        for sub in cell.nodes(ast.Subscript):
            a = sub.value
            if not isinstance(a, ast.Attribute) or a.attr != "ix":
                continue
            if ctx.names.qual(a.value) is not None and not ctx.names.qual(a.value).startswith("__"):
                # np.ix etc.: a module attribute, not a DataFrame indexer
                if ctx.names.qual(a.value).split(".")[0] in ("numpy", "pandas"):
                    continue
            idx = sub.slice
            if idx.__class__.__name__ == "Index":  # Python 3.8 wrapper
                idx = idx.value
            s, e = attr_span(cell, a)
            if isinstance(idx, ast.Tuple) and len(idx.elts) == 2 and positional(idx.elts[1]):
                rows, cols = idx.elts
                if isinstance(rows, ast.Slice) and rows.lower is None and rows.upper is None and rows.step is None:
                    edits.append(Edit(R, cell, s, e, "iloc"))
                elif isinstance(a.value, (ast.Name, ast.Attribute)):
                    # Rows by label, columns by position: name the columns.
                    edits.append(Edit(R, cell, s, e, "loc"))
                    obj = cell.seg(a.value)
                    if isinstance(cols, ast.Slice):
                        edits.append(Edit(R, cell, cell.start(cols), cell.end(cols), obj + ".columns[" + cell.seg(cols) + "]"))
                    else:
                        edits.append(Edit(R, cell, cell.start(cols), cell.start(cols), obj + ".columns["))
                        edits.append(Edit(R, cell, cell.end(cols), cell.end(cols), "]"))
                # else: leave it; no conservative rewrite
            else:
                edits.append(Edit(R, cell, s, e, "loc"))
    return edits


def positional(node):
    """An int literal, a slice of int literals, a list of int literals, or
    a range(...) — an indexer .ix would read as positions on string columns."""
    def is_int(n):
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            n = n.operand
        return isinstance(n, ast.Constant) and type(n.value) is int
    if is_int(node):
        return True
    if isinstance(node, ast.Slice):
        parts = [p for p in (node.lower, node.upper, node.step) if p is not None]
        return bool(parts) and all(is_int(p) for p in parts)
    if isinstance(node, ast.List):
        return bool(node.elts) and all(is_int(e) for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range":
        return True
    return False


@rule("pandas-as-matrix",
      ".as_matrix() (removed in 1.0) -> .to_numpy(); .as_matrix(cols) -> [cols].to_numpy()",
      trigger=[r"has no attribute 'as_matrix'"])
def pandas_as_matrix(ctx, failure):
    R = "pandas-as-matrix"
    edits = []
    if ctx.env.has("pandas.DataFrame.as_matrix") or not ctx.names.uses("pandas"):
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "as_matrix":
            continue
        cols = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "columns"), None)
        if cols is None:
            s, e = attr_span(cell, f)
            edits.append(Edit(R, cell, s, e, "to_numpy"))
        else:
            edits.append(Edit(R, cell, cell.end(f.value), cell.end(call), "[" + cell.seg(cols) + "].to_numpy()"))
    return edits


def is_list_expr(node):
    """Whether node is sure to be a list: a display, a comprehension, a
    slice of something, or list(...)."""
    if isinstance(node, (ast.List, ast.ListComp)):
        return True
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "list"


@rule("pandas-append",
      "DataFrame/Series.append (removed in 2.0) -> pd.concat([a, b]); dict rows -> pd.DataFrame([row])",
      trigger=[r"object has no attribute 'append'"])
def pandas_append(ctx, failure):
    R = "pandas-append"
    edits = []
    pd = ctx.names.alias_of("pandas")
    if pd is None or ctx.env.has("pandas.DataFrame.append"):
        return edits
    on_frame = failure is not None and failure.says(r"'DataFrame' object has no attribute 'append'")
    on_series = failure is not None and failure.says(r"'Series' object has no attribute 'append'")
    # What simple names were bound to, to tell rows (dicts, Series) apart.
    bound = {}
    for cell in ctx.cells:
        for node in cell.nodes(ast.Assign):
            if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                v, kind = node.value, "other"
                q = ctx.names.qual(v.func) if isinstance(v, ast.Call) else None
                if isinstance(v, (ast.Dict, ast.DictComp)) or (isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "dict"):
                    kind = "dict"
                elif q == "pandas.Series":
                    kind = "series"
                elif is_list_expr(v):
                    kind = "list"
                name = node.targets[0].id
                bound[name] = kind if bound.get(name, kind) == kind else "other"
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "append" or len(call.args) != 1:
            continue
        if any(k.arg not in ("ignore_index", "verify_integrity", "sort") for k in call.keywords):
            continue
        other = call.args[0]
        if isinstance(other, ast.Starred):
            continue
        recv_q = ctx.names.qual(f.value)
        if recv_q is not None and "." in recv_q:
            continue  # a module attribute's append, e.g. sys.path.append
        in_trace = (on_frame or on_series) and failure.touches(cell, call)
        statement = isinstance(cell.parents.get(call), ast.Expr)
        # Sure it is pandas' append: pandas keywords, or its value is used
        # (a list's append returns None), or the failure points at it.
        if not (call.keywords or not statement or in_trace):
            continue
        recv = cell.seg(f.value)
        is_series = (isinstance(other, ast.Name) and bound.get(other.id) == "series") or (
            isinstance(other, ast.Call) and ctx.names.qual(other.func) == "pandas.Series")
        if isinstance(other, ast.Dict) or (isinstance(other, ast.Name) and bound.get(other.id) == "dict"):
            items = recv + ", " + pd + ".DataFrame([" + cell.seg(other) + "])"
        elif isinstance(other, ast.List) and other.elts and all(isinstance(e, ast.Dict) for e in other.elts):
            items = recv + ", " + pd + ".DataFrame(" + cell.seg(other) + ")"
        elif isinstance(other, ast.List) and other.elts:
            items = recv + ", " + ", ".join(cell.seg(e) for e in other.elts)
        elif is_list_expr(other) or isinstance(other, ast.Name) and bound.get(other.id) == "list":
            # append took a list of frames too: all of them, after recv.
            items = recv + ", *" + cell.seg(other)
        elif is_series:
            if not in_trace:
                continue  # a row, or a Series to concatenate: unknown
            items = recv + ", " + cell.seg(other) + (".to_frame().T" if on_frame else "")
        else:
            items = recv + ", " + cell.seg(other)
        kws = "".join(", " + cell.seg(k) for k in call.keywords)
        edits.append(Edit(R, cell, cell.start(call), cell.end(call), pd + ".concat([" + items + "]" + kws + ")"))
    return edits


@rule("pandas-iteritems",
      "Series/DataFrame.iteritems() (removed in 2.0) -> .items()",
      trigger=[r"has no attribute 'iteritems'"])
def pandas_iteritems(ctx, failure):
    R = "pandas-iteritems"
    edits = []
    if ctx.env.has("pandas.DataFrame.iteritems") or not ctx.names.uses("pandas"):
        return edits
    for cell, node in ctx.attributes():
        if node.attr == "iteritems" and isinstance(cell.parents.get(node), ast.Call):
            s, e = attr_span(cell, node)
            edits.append(Edit(R, cell, s, e, "items"))
    return edits


REDUCTIONS = ("mean", "median", "std", "var", "prod", "corr", "cov", "quantile", "skew", "kurt", "sem")


@rule("pandas-numeric-only",
      "reductions over mixed dtypes (mean/corr/... fail on strings since 2.0) -> numeric_only=True, on the failing line",
      trigger=[r"could not convert string to float", r"Could not convert", r"agg function failed", r"unsupported operand type\(s\) for [+/]: '\w+' and 'str'",
               r"can only concatenate str", r"not supported between instances of '\w+' and '\w+'", r"Cannot convert \[", r"dtype->object"])
def pandas_numeric_only(ctx, failure):
    R = "pandas-numeric-only"
    edits = []
    if failure is None or "pandas" not in failure.traceback:
        return edits
    if not ctx.env.accepts_kw("pandas.DataFrame.mean", "numeric_only"):
        return edits
    for cell in ctx.cells:
        for call in cell.nodes(ast.Call):
            f = call.func
            if not isinstance(f, ast.Attribute) or f.attr not in REDUCTIONS or not failure.touches(cell, call):
                continue
            q = ctx.names.qual(f.value)
            if q is not None and q.split(".")[0] in ("numpy", "math", "statistics", "builtins", "scipy"):
                continue
            if any(k.arg in ("numeric_only", None) for k in call.keywords):
                continue
            if isinstance(f.value, ast.Subscript) and str_const(f.value.slice) is not None and not uses_groupby(f.value):
                continue  # df['col'].mean(): a Series has no numeric_only to give
            edits.append(append_args(R, cell, call, "numeric_only=True"))
    return edits


def uses_groupby(node):
    return any(isinstance(n, ast.Attribute) and n.attr in ("groupby", "resample", "rolling", "pivot_table") for n in ast.walk(node))


@rule("pandas-weekofyear",
      ".dt.weekofyear / .dt.week (removed in 2.0) -> .dt.isocalendar().week.astype('int64'); a DatetimeIndex's where the traceback says so",
      trigger=[r"has no attribute '(weekofyear|week)'"])
def pandas_weekofyear(ctx, failure):
    R = "pandas-weekofyear"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.has("pandas.core.indexes.accessors.DatetimeProperties.weekofyear"):
        return edits
    on_index = failure is not None and failure.says(r"'DatetimeIndex' object has no attribute '(weekofyear|week)'")
    pd = ctx.names.alias_of("pandas")
    for cell, node in ctx.attributes():
        if node.attr not in ("weekofyear", "week"):
            continue
        if isinstance(node.value, ast.Attribute) and node.value.attr == "dt":
            s, e = attr_span(cell, node)
            edits.append(Edit(R, cell, s, e, "isocalendar().week.astype('int64')"))
        elif on_index and pd and failure.touches(cell, node) and not (
                isinstance(cell.parents.get(node), ast.Call) and cell.parents.get(node).func is node):
            # A DatetimeIndex's weeks were an Index of int64.
            edits.append(Edit(R, cell, cell.start(node), cell.end(node),
                              pd + ".Index(" + cell.seg(node.value) + ".isocalendar().week.astype('int64'))"))
    return edits


# Series methods that keep value_counts' result a Series with its names.
NAME_KEEPING = ("head", "tail", "sort_index", "sort_values", "nlargest", "nsmallest", "round", "astype", "iloc", "loc")


@rule("pandas-value-counts-names",
      "value_counts() named 'count' with its index named after the data (2.0) -> the old names (the data's name, an unnamed index) where reset_index, to_frame or a variable read them",
      trigger=[r"^KeyError: 'index'", r"Could not interpret value `index`"])
def pandas_value_counts_names(ctx, failure):
    # Code of the pandas 1 era reads value_counts().reset_index() as the
    # columns 'index' and <data name>; pandas 2 gives <data name> and
    # 'count'. The old names are restored on the result itself.
    R = "pandas-value-counts-names"
    edits = []
    if not ctx.names.uses("pandas") or not ctx.env.raises("import pandas as pd\nassert pd.Series([1], name='x').value_counts().name == 'x'"):
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "value_counts" or ctx.names.qual(f.value) is not None:
            continue
        node, reads = call, False
        while True:
            p = cell.parents.get(node)
            g = cell.parents.get(p)
            if isinstance(p, ast.Subscript) and p.value is node:
                node = p
            elif isinstance(p, ast.Attribute) and p.value is node and p.attr in ("iloc", "loc"):
                node = p
            elif isinstance(p, ast.Attribute) and p.value is node and isinstance(g, ast.Call) and g.func is p and p.attr in NAME_KEEPING:
                node = g
            else:
                reads = (isinstance(p, ast.Attribute) and p.attr in ("reset_index", "to_frame") or
                         isinstance(p, ast.Assign) and len(p.targets) == 1 and isinstance(p.targets[0], ast.Name))
                break
        if reads:
            e = cell.end(call)
            edits.append(Edit(R, cell, e, e, ".pipe(lambda _v: _v.rename(_v.index.name).rename_axis(None))"))
    return edits


@rule("pandas-to-datetime-mixed",
      "to_datetime of strings in several formats (parsed one by one until 2.0, with the first one's format since) -> format='mixed'",
      trigger=[r"(doesn't match format|unconverted data remains when parsing with format) .*, at position \d+"])
def pandas_to_datetime_mixed(ctx, failure):
    # pandas 2.0 (PDEP 4) guesses one format from the first value and
    # holds every value to it; format='mixed' is its documented way back to
    # guessing each value's own. Only on the failing line.
    R = "pandas-to-datetime-mixed"
    edits = []
    for cell, call in failing_calls(ctx, failure, r"(doesn't match format|unconverted data remains when parsing with format)"):
        kws = {k.arg for k in call.keywords}
        if ctx.names.qual(call.func) == "pandas.to_datetime" and "format" not in kws and None not in kws and len(call.args) <= 1:
            edits.append(append_args(R, cell, call, "format='mixed'"))
    return edits


@rule("pandas-read-csv-mixed-dates",
      "read_csv(parse_dates=...) of dates in several formats (left as text since 2.0, so .dt fails later) -> date_format='mixed'",
      trigger=[r"Can only use \.dt accessor with datetimelike values"])
def pandas_read_csv_mixed_dates(ctx, failure):
    # The same change as pandas-to-datetime-mixed, seen later: read_csv
    # keeps a column whose values do not all fit the first one's format as
    # strings, and the failure is the first .dt on it. Every read_csv that
    # parses dates gets the per-value parsing back.
    R = "pandas-read-csv-mixed-dates"
    edits = []
    if failure is None or not failure.says(r"Can only use \.dt accessor") or ctx.env.accepts_kw("pandas.read_csv", "date_format") is not True:
        return edits
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) not in ("pandas.read_csv", "pandas.read_table"):
            continue
        kws = {k.arg: k.value for k in call.keywords}
        pd_ = kws.get("parse_dates")
        if None in kws or pd_ is None or isinstance(pd_, ast.Constant) and pd_.value in (False, None) or "date_format" in kws or "date_parser" in kws:
            continue
        edits.append(append_args(R, cell, call, "date_format='mixed'"))
    return edits


@rule("pandas-value-counts",
      "pd.value_counts(x) (removed in 3.0) -> pd.Series(x).value_counts()",
      trigger=[r"module 'pandas' has no attribute 'value_counts'"])
def pandas_value_counts(ctx, failure):
    R = "pandas-value-counts"
    edits = []
    pd = ctx.names.alias_of("pandas")
    if pd is None or (ctx.env.has("pandas.value_counts") and not (failure is not None and failure.says(r"value_counts"))):
        return edits
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) == "pandas.value_counts" and call.args:
            rest = "".join(", " + cell.seg(n) for n in call_arg_nodes(call) if n is not call.args[0])
            rest = rest[2:]
            edits.append(Edit(R, cell, cell.start(call), cell.end(call), pd + ".Series(" + cell.seg(call.args[0]) + ").value_counts(" + rest + ")"))
    return edits


@rule("pandas-groupby-tuple-columns",
      "df.groupby(k)['a', 'b'] (a tuple of columns: removed in 2.0) -> df.groupby(k)[['a', 'b']]",
      trigger=[r"Cannot subset columns with a tuple with more than one element"])
def pandas_groupby_tuple_columns(ctx, failure):
    # A list selects the same columns in every pandas version, so the
    # static scan may rewrite a subscript of a groupby call; one of a
    # variable holding a groupby only where the traceback goes.
    R = "pandas-groupby-tuple-columns"
    edits = []
    if not ctx.names.uses("pandas"):
        return edits
    hit = failure is not None and failure.says(r"Cannot subset columns with a tuple")
    for cell in ctx.cells:
        for node in cell.nodes(ast.Subscript):
            sl = node.slice
            if sl.__class__.__name__ == "Index":  # Python < 3.9
                sl = sl.value
            if not isinstance(sl, ast.Tuple) or len(sl.elts) < 2 or any(isinstance(e, (ast.Slice, ast.Starred)) for e in sl.elts):
                continue
            v = node.value
            direct = isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "groupby"
            if not direct and not (hit and isinstance(v, ast.Name) and failure.touches(cell, node)):
                continue
            inner = cell.source[cell.start(sl.elts[0]):cell.end(sl.elts[-1])]
            edits.append(Edit(R, cell, cell.start(sl), cell.end(sl), "[" + inner + "]"))
    return edits


def failing_calls(ctx, failure, says, attr=None):
    """The calls on the lines the traceback goes through when its text
    matches says (with attr, only calls of a method of that name): where
    a rule that cannot tell from the source alone may act."""
    if failure is None or not failure.says(says):
        return []
    return [(cell, call) for cell, call in ctx.calls() if failure.touches(cell, call) and
            (attr is None or isinstance(call.func, ast.Attribute) and call.func.attr == attr)]


def dict_items(node):
    """A dict literal's (key string, value node) pairs; None unless every
    key is a string literal."""
    if not isinstance(node, ast.Dict) or not node.keys:
        return None
    keys = [str_const(k) if k is not None else None for k in node.keys]
    if any(k is None for k in keys):
        return None
    return list(zip(keys, node.values))


def groupby_column(node):
    """Whether node is one column of a groupby: g.groupby(k)['c'] or g.groupby(k).c."""
    if isinstance(node, ast.Subscript):
        sl = node.slice
        if sl.__class__.__name__ == "Index":  # Python < 3.9
            sl = sl.value
        base = node.value if str_const(sl) is not None else None
    elif isinstance(node, ast.Attribute):
        base = node.value
    else:
        return False
    return isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and base.func.attr == "groupby"


@rule("pandas-agg-dict-renamer",
      "groupby(...)['c'].agg({'new': f}) and .agg({'c': {'new': f}}) (renaming dicts, removed in 1.0) -> named aggregation",
      trigger=[r"nested renamer is not supported"])
def pandas_agg_dict_renamer(ctx, failure):
    # The old results, exactly: a column's renaming dict gives the columns
    # named by its keys (named aggregation does the same); a frame's nested
    # dict gave (column, new name) pairs as a MultiIndex, put back with
    # set_axis. A column's dict is told from a frame's by the source (a
    # groupby's column) or by the traceback.
    R = "pandas-agg-dict-renamer"
    edits = []
    pd = ctx.names.alias_of("pandas")
    if pd is None or not ctx.env.raises("import pandas as pd\npd.DataFrame({'g': [1], 'x': [1]}).groupby('g')['x'].agg({'s': 'sum'})"):
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr not in ("agg", "aggregate") or len(call.args) != 1 or call.keywords:
            continue
        items = dict_items(call.args[0])
        if items is None:
            continue
        nested = [(k, dict_items(v)) for k, v in items]
        if all(isinstance(v, ast.Dict) for _, v in items) and all(n is not None for _, n in nested):
            named = [(new, col, v) for col, inner in nested for new, v in inner]
            if len({n for n, _, _ in named}) != len(named):
                continue  # the same new name under two columns: no flat naming
            args = ", ".join("%r: (%r, %s)" % (new, col, cell.seg(v)) for new, col, v in named)
            cols = ", ".join("(%r, %r)" % (col, new) for new, col, _ in named)
            edits.append(Edit(R, cell, cell.start(call.args[0]), cell.end(call),
                              "**{" + args + "}).set_axis(" + pd + ".MultiIndex.from_tuples([" + cols + "]), axis=1)"))
            continue
        if any(isinstance(v, (ast.Dict, ast.List, ast.Tuple)) for _, v in items):
            continue
        if groupby_column(f.value) or failure is not None and failure.touches(cell, call):
            edits.append(Edit(R, cell, cell.start(call.args[0]), cell.start(call.args[0]), "**"))
    return edits


PANDAS_LEVEL_REDUCTIONS = ("sum", "mean", "count", "max", "min", "median", "std", "var", "prod", "any", "all", "sem", "skew", "mad", "nunique")


@rule("pandas-level-keyword",
      "s.sum(level=0) and the other reductions' level= (removed in 2.0) -> s.groupby(level=0).sum()",
      trigger=[r"got an unexpected keyword argument 'level'"])
def pandas_level_keyword(ctx, failure):
    R = "pandas-level-keyword"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.accepts_kw("pandas.DataFrame.sum", "level") is not False:
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr not in PANDAS_LEVEL_REDUCTIONS or call.args:
            continue
        kws = {k.arg: k for k in call.keywords}
        if "level" not in kws or None in kws or "axis" in kws:
            continue
        q = ctx.names.qual(f.value) or ""
        if q.split(".")[0] in ("numpy", "math", "statistics", "builtins", "scipy"):
            continue
        rest = ", ".join(cell.seg(k) for k in call.keywords if k.arg != "level")
        edits.append(Edit(R, cell, cell.end(f.value), cell.end(call),
                          ".groupby(level=" + cell.seg(kws["level"].value) + ")." + f.attr + "(" + rest + ")"))
    return edits


@rule("pandas-series-reshape",
      "series.reshape(...) (removed in 0.21) -> numpy.asarray(series).reshape(...), where the traceback says so",
      trigger=[r"'(Series|DataFrame|Index)' object has no attribute 'reshape'"])
def pandas_series_reshape(ctx, failure):
    # Whether x.reshape is a Series' or an array's is not in the source:
    # only the calls on the lines the traceback names, and through
    # numpy.asarray, which is a no-op for an array.
    R = "pandas-series-reshape"
    edits = []
    for cell, call in failing_calls(ctx, failure, r"object has no attribute 'reshape'", "reshape"):
        f = call.func
        q = ctx.names.qual(f.value) or ""
        if q.split(".")[0] == "numpy":
            continue
        edits.append(Edit(R, cell, cell.start(f.value), cell.end(f.value), ctx.expr_for(cell, "numpy.asarray") + "(" + cell.seg(f.value) + ")"))
    return edits


@rule("numpy-ragged-array",
      "numpy.array(ragged) (an object array until 1.24, an error since) -> numpy.array(ragged, dtype=object), where the traceback says so",
      trigger=[r"inhomogeneous shape"])
def numpy_ragged_array(ctx, failure):
    R = "numpy-ragged-array"
    edits = []
    for cell, call in failing_calls(ctx, failure, r"inhomogeneous shape"):
        if ctx.names.qual(call.func) in ("numpy.array", "numpy.asarray") and len(call.args) == 1 and not call.keywords:
            edits.append(append_args(R, cell, call, "dtype=object"))
    return edits


@rule("pandas-weekday-name",
      ".dt.weekday_name / Timestamp.weekday_name (removed in 1.0) -> .dt.day_name() / .day_name()",
      trigger=[r"has no attribute 'weekday_name'"])
def pandas_weekday_name(ctx, failure):
    R = "pandas-weekday-name"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.has("pandas.Timestamp.weekday_name"):
        return edits
    for cell, node in ctx.attributes():
        if node.attr == "weekday_name":
            s, e = attr_span(cell, node)
            edits.append(Edit(R, cell, s, e, "day_name()"))
    return edits


@rule("pandas-sort-index-by",
      "df.sort_index(by=...) (removed in 0.20) -> df.sort_values(by=...)",
      trigger=[r"sort_index\(\) got an unexpected keyword argument 'by'"])
def pandas_sort_index_by(ctx, failure):
    R = "pandas-sort-index-by"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.accepts_kw("pandas.DataFrame.sort_index", "by") is not False:
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr == "sort_index" and any(k.arg == "by" for k in call.keywords):
            s, e = attr_span(cell, f)
            edits.append(Edit(R, cell, s, e, "sort_values"))
    return edits


@rule("pandas-concat-join-axes",
      "pd.concat(objs, axis=1, join_axes=[idx]) (removed in 1.0) -> pd.concat(objs, axis=1).reindex(idx)",
      trigger=[r"concat\(\) got an unexpected keyword argument 'join_axes'"])
def pandas_concat_join_axes(ctx, failure):
    # join_axes gave the labels of the axis not concatenated along: the
    # index when joining columns (axis=1), the columns otherwise.
    R = "pandas-concat-join-axes"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.accepts_kw("pandas.concat", "join_axes") is not False:
        return edits
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) != "pandas.concat":
            continue
        kws = {k.arg: k for k in call.keywords}
        ja = kws.get("join_axes")
        if ja is None or None in kws or not isinstance(ja.value, ast.List) or len(ja.value.elts) != 1:
            continue
        axis = kws["axis"].value if "axis" in kws else (call.args[1] if len(call.args) > 1 else None)
        if axis is None:
            by_columns = False
        elif isinstance(axis, ast.Constant) and axis.value in (0, 1, "index", "columns"):
            by_columns = axis.value in (1, "columns")
        else:
            continue
        labels = cell.seg(ja.value.elts[0])
        tail = ".reindex(" + labels + ")" if by_columns else ".reindex(columns=" + labels + ")"
        edits.append(remove_keyword(R, cell, call, ja))
        edits.append(Edit(R, cell, cell.end(call), cell.end(call), tail))
    return edits


@rule("pandas-set-axis-inplace",
      "df.set_axis(labels, axis=1, inplace=True) (inplace removed in 2.0) -> df = df.set_axis(labels, axis=1)",
      trigger=[r"set_axis\(\) got an unexpected keyword argument 'inplace'"])
def pandas_set_axis_inplace(ctx, failure):
    R = "pandas-set-axis-inplace"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.accepts_kw("pandas.DataFrame.set_axis", "inplace") is not False:
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "set_axis":
            continue
        edits.extend(inplace_to_assignment(R, cell, call, f.value))
    return edits


def inplace_to_assignment(R, cell, call, target):
    """A call's inplace= dropped: inplace=True on a statement of its own
    becomes `target = call` (target spelled twice, so it must be pure)."""
    kw = [k for k in call.keywords if k.arg == "inplace"]
    if not kw or not isinstance(kw[0].value, ast.Constant):
        return []
    if kw[0].value.value is not True:
        return [remove_keyword(R, cell, call, kw[0])]
    stmt = cell.parents.get(call)
    if not isinstance(stmt, ast.Expr) or not isinstance(target, (ast.Name, ast.Attribute, ast.Subscript)) or not pure(target):
        return []
    return [remove_keyword(R, cell, call, kw[0]), Edit(R, cell, cell.start(call), cell.start(call), cell.seg(target) + " = ")]


@rule("pandas-tshift",
      "s.tshift(n, freq) (removed in 2.0) -> s.shift(n, freq=freq or 'infer')",
      trigger=[r"has no attribute 'tshift'"])
def pandas_tshift(ctx, failure):
    # tshift moved the index by its own frequency when given none; shift
    # does that with freq='infer' (without a freq it moves the data).
    R = "pandas-tshift"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.has("pandas.DataFrame.tshift"):
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "tshift" or len(call.args) > 2:
            continue
        kws = {k.arg: k for k in call.keywords}
        if None in kws or set(kws) - {"periods", "freq", "axis"}:
            continue
        args = [cell.seg(a) for a in call.args[:1]] + [cell.seg(kws[k]) for k in ("periods",) if k in kws]
        if len(call.args) == 2:
            args.append("freq=" + cell.seg(call.args[1]))
        elif "freq" in kws:
            args.append(cell.seg(kws["freq"]))
        else:
            args.append("freq='infer'")
        if "axis" in kws:
            args.append(cell.seg(kws["axis"]))
        s_, _ = attr_span(cell, f)
        edits.append(Edit(R, cell, s_, cell.end(call), "shift(" + ", ".join(args) + ")"))
    return edits


@rule("pandas-lookup",
      "df.lookup(rows, cols) (removed in 2.0) -> df.to_numpy()[df.index.get_indexer(rows), df.columns.get_indexer(cols)]",
      trigger=[r"has no attribute 'lookup'"])
def pandas_lookup(ctx, failure):
    # The values at (row label, column label) pairs, as lookup gave them (in
    # the frame's common dtype: object when mixed).
    R = "pandas-lookup"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.has("pandas.DataFrame.lookup"):
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "lookup" or len(call.args) != 2 or call.keywords:
            continue
        if ctx.names.qual(f.value) is not None:
            continue  # a module's lookup (codecs.lookup, ...)
        rows, cols = cell.seg(call.args[0]), cell.seg(call.args[1])
        if isinstance(f.value, ast.Name):
            d = f.value.id
            text = "%s.to_numpy()[%s.index.get_indexer(%s), %s.columns.get_indexer(%s)]" % (d, d, rows, d, cols)
        else:
            text = "(lambda _d, _r, _c: _d.to_numpy()[_d.index.get_indexer(_r), _d.columns.get_indexer(_c)])(%s, %s, %s)" % (
                cell.seg(f.value), rows, cols)
        edits.append(Edit(R, cell, cell.start(call), cell.end(call), text))
    return edits


# --- matplotlib -------------------------------------------------------------

@rule("matplotlib-rotation-number-string",
      "rotation='90' (a number as a string: rejected since matplotlib 3.6) -> rotation=90",
      trigger=[r"rotation must be 'vertical', 'horizontal' or a number"])
def matplotlib_rotation_number_string(ctx, failure):
    # A number is what every matplotlib accepts, so the static scan may
    # rewrite it too (in notebooks that draw with matplotlib).
    R = "matplotlib-rotation-number-string"
    edits = []
    if not (ctx.names.uses("matplotlib") or ctx.names.uses("seaborn") or ctx.names.uses("pandas")):
        return edits
    for cell, call in ctx.calls():
        for kw in call.keywords:
            if kw.arg != "rotation":
                continue
            v = str_const(kw.value)
            if v is None:
                continue
            try:
                float(v)
            except ValueError:
                continue
            edits.append(Edit(R, cell, cell.start(kw.value), cell.end(kw.value), v.strip()))
    return edits


# --- seaborn ----------------------------------------------------------------

# Positional parameters of seaborn functions before 0.12 made them
# keyword-only (the order of seaborn 0.9-0.11).
SNS_OLD_POSITIONAL = {
    "barplot": ["x", "y", "hue", "data", "order", "hue_order"],
    "countplot": ["x", "y", "hue", "data", "order", "hue_order"],
    "boxplot": ["x", "y", "hue", "data", "order", "hue_order"],
    "violinplot": ["x", "y", "hue", "data", "order", "hue_order"],
    "stripplot": ["x", "y", "hue", "data", "order", "hue_order"],
    "swarmplot": ["x", "y", "hue", "data", "order", "hue_order"],
    "pointplot": ["x", "y", "hue", "data", "order", "hue_order"],
    "boxenplot": ["x", "y", "hue", "data", "order", "hue_order"],
    "catplot": ["x", "y", "hue", "data", "row", "col"],
    "factorplot": ["x", "y", "hue", "data", "row", "col"],
    "scatterplot": ["x", "y", "hue", "style", "size", "data"],
    "lineplot": ["x", "y", "hue", "size", "style", "data"],
    "regplot": ["x", "y", "data"],
    "residplot": ["x", "y", "data"],
    "lmplot": ["x", "y", "data", "hue", "col", "row"],
    "jointplot": ["x", "y", "data", "kind"],
    "kdeplot": ["x", "y"],
    "rugplot": ["x"],
}


@rule("seaborn-keyword-args",
      "positional data arguments of seaborn plots (keyword-only since 0.12): sns.countplot('col', data=df) -> sns.countplot(x='col', data=df)",
      trigger=[r"(countplot|barplot|boxplot|violinplot|stripplot|swarmplot|pointplot|boxenplot|catplot|scatterplot|lineplot|regplot|residplot|lmplot|jointplot|kdeplot)\(\) (takes|got multiple)",
               r"seaborn"])
def seaborn_keyword_args(ctx, failure):
    R = "seaborn-keyword-args"
    edits = []
    if not ctx.names.uses("seaborn"):
        return edits
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        if not q.startswith("seaborn."):
            continue
        fn = q.split(".", 1)[1]
        old = SNS_OLD_POSITIONAL.get(fn)
        if old is None or not call.args or any(isinstance(a, ast.Starred) for a in call.args):
            continue
        n = len(call.args)
        if n > len(old) or (fn == "kdeplot" and n < 2):
            continue
        target = "seaborn.catplot" if fn == "factorplot" else q
        ps = ctx.env.params(target)
        if ps is None:
            continue
        pos = [p.name for p in ps if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if pos[:n] == old[:n]:
            continue  # still means the same here
        have = {k.arg for k in call.keywords}
        if any(name in have for name in old[:n]):
            continue
        for a, name in zip(call.args, old):
            s = cell.start(a)
            edits.append(Edit(R, cell, s, s, name + "="))
    return edits


@rule("seaborn-factorplot",
      "sns.factorplot (removed in 0.12) -> sns.catplot(kind='point'), size= -> height=",
      trigger=[r"has no attribute 'factorplot'"])
def seaborn_factorplot(ctx, failure):
    R = "seaborn-factorplot"
    edits = []
    if ctx.env.has("seaborn.factorplot") or not ctx.env.has("seaborn.catplot"):
        return edits
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) != "seaborn.factorplot":
            continue
        f = call.func
        if isinstance(f, ast.Attribute):
            s, e = attr_span(cell, f)
        else:
            s, e = cell.start(f), cell.end(f)
        edits.append(Edit(R, cell, s, e, "catplot"))
        kws = {k.arg for k in call.keywords}
        for kw in call.keywords:
            if kw.arg == "size":
                ks, ke = keyword_name_span(cell, kw)
                edits.append(Edit(R, cell, ks, ke, "height"))
        if "kind" not in kws and None not in kws:
            edits.append(append_args(R, cell, call, "kind='point'"))
    return edits


SNS_GRIDS = ("FacetGrid", "PairGrid", "JointGrid", "pairplot", "jointplot", "lmplot", "catplot", "factorplot")


@rule("seaborn-size-height",
      "size= of seaborn figure-level plots and grids (renamed 0.9, removed later) -> height=",
      trigger=[r"unexpected keyword argument 'size'"])
def seaborn_size(ctx, failure):
    R = "seaborn-size-height"
    edits = []
    if not ctx.names.uses("seaborn"):
        return edits
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        if not q.startswith("seaborn.") or q.split(".", 1)[1] not in SNS_GRIDS or q == "seaborn.factorplot":
            continue
        ps = ctx.env.params(q)
        if ps is None:
            continue
        names = {p.name for p in ps}
        if "size" in names or "height" not in names:
            continue
        kws = {k.arg for k in call.keywords}
        if "height" in kws:
            continue
        for kw in call.keywords:
            if kw.arg == "size":
                ks, ke = keyword_name_span(cell, kw)
                edits.append(Edit(R, cell, ks, ke, "height"))
    return edits


@rule("seaborn-distplot",
      "sns.distplot (deprecated 0.11) -> sns.histplot(kde=True, stat='density') or sns.kdeplot(hist=False); only when it is gone or failing",
      trigger=[r"distplot"])
def seaborn_distplot(ctx, failure):
    R = "seaborn-distplot"
    edits = []
    if not ctx.env.has("seaborn.histplot"):
        return edits
    gone = not ctx.env.has("seaborn.distplot")
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) != "seaborn.distplot":
            continue
        if not gone and not (failure is not None and failure.touches(cell, call)):
            continue
        mine = distplot_call(R, cell, call)
        if mine:
            edits.extend(mine)
    return edits


def distplot_call(R, cell, call):
    kws = {k.arg: k for k in call.keywords if k.arg}

    def flag(name, default):
        k = kws.get(name)
        if k is None:
            return default
        return bool(k.value.value) if isinstance(k.value, ast.Constant) else None
    hist, kde, norm, vertical = flag("hist", True), flag("kde", True), flag("norm_hist", False), flag("vertical", False)
    # distplot(a, bins, hist, kde, ...): only a and bins are rewritten positionally.
    if None in (hist, kde, norm, vertical) or (not hist and not kde) or len(call.args) > 2:
        return None
    new = "histplot" if hist else "kdeplot"
    f = call.func
    s, e = attr_span(cell, f) if isinstance(f, ast.Attribute) else (cell.start(f), cell.end(f))
    mine = [Edit(R, cell, s, e, new)]
    # Arguments with no histplot/kdeplot counterpart only changed looks.
    drop = {"hist", "kde", "norm_hist", "rug", "rug_kws", "fit", "fit_kws", "axlabel", "vertical", "kde_kws"}
    if new == "kdeplot":
        drop |= {"bins", "hist_kws"}
    for kw in call.keywords:
        if kw.arg in drop:
            mine.append(remove_keyword(R, cell, call, kw))
        elif kw.arg == "hist_kws":
            mine.append(Edit(R, cell, cell.start(kw), cell.end(kw), "**" + cell.seg(kw.value)))
        elif kw.arg == "a":
            ks, ke = keyword_name_span(cell, kw)
            mine.append(Edit(R, cell, ks, ke, "y" if vertical else "x"))
    if vertical and call.args:
        mine.append(Edit(R, cell, cell.start(call.args[0]), cell.start(call.args[0]), "y="))
    if len(call.args) == 2:
        if new == "kdeplot":
            mine.append(Edit(R, cell, cell.end(call.args[0]), cell.end(call.args[1]), ""))
        else:
            mine.append(Edit(R, cell, cell.start(call.args[1]), cell.start(call.args[1]), "bins="))
    if new == "histplot":
        extra = (["kde=True"] if kde else []) + (["stat='density'"] if kde or norm else [])
        if extra:
            # After the last argument that stays: dropped ones are deleted.
            kept = [n for n in call_arg_nodes(call) if not (isinstance(n, ast.keyword) and n.arg in drop)]
            if kept:
                mine.append(Edit(R, cell, cell.end(kept[-1]), cell.end(kept[-1]), ", " + ", ".join(extra)))
            else:
                return None
    return mine


# --- matplotlib ---------------------------------------------------------------

@rule("matplotlib-set-color-cycle",
      "ax.set_color_cycle(colors) (deprecated 1.5, removed 3.0) -> ax.set_prop_cycle(color=colors)",
      trigger=[r"has no attribute 'set_color_cycle'"])
def matplotlib_set_color_cycle(ctx, failure):
    R = "matplotlib-set-color-cycle"
    edits = []
    if not ctx.names.uses("matplotlib") or ctx.env.has("matplotlib.axes.Axes.set_color_cycle"):
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr == "set_color_cycle" and len(call.args) == 1 and not call.keywords:
            s, _ = attr_span(cell, f)
            edits.append(Edit(R, cell, s, cell.end(call), "set_prop_cycle(color=" + cell.seg(call.args[0]) + ")"))
    return edits


COLOR_KEYWORDS = ("color", "c", "colors", "facecolor", "edgecolor", "facecolors", "edgecolors")


@rule("matplotlib-color-letters",
      "color='rgb' (a string of one-letter colours as a sequence; deprecated 3.2) -> color=['r', 'g', 'b']",
      trigger=[r"Using a string of single character colors as a color sequence is not supported",
               r"argument must be a valid color or ?sequence of colors", r"'c' argument must be a color, a sequence of colors",
               r"Invalid color [bgrcmykw]{2,}\b"])
def matplotlib_color_letters(ctx, failure):
    R = "matplotlib-color-letters"
    edits = []
    if not (ctx.names.uses("matplotlib") or ctx.names.uses("pandas") or ctx.names.uses("seaborn")):
        return edits
    if not ctx.env.raises("from matplotlib.colors import to_rgba_array\nto_rgba_array('rgb')"):
        return edits
    try:
        from matplotlib.colors import is_color_like
    except Exception:
        return edits
    for cell, call in ctx.calls():
        for k in call.keywords:
            v = str_const(k.value)
            if k.arg in COLOR_KEYWORDS and v and len(v) > 1 and set(v) <= set("bgrcmykw") and not is_color_like(v):
                edits.append(Edit(R, cell, cell.start(k.value), cell.end(k.value), repr(list(v))))
    return edits


TICK_LABELS = {"set_xticklabels": "get_xticks", "set_yticklabels": "get_yticks"}


@rule("matplotlib-tick-labels-count",
      "tick labels that do not match the fixed ticks in number (ignored or left blank until 3.3, an error since) -> as many labels as ticks",
      trigger=[r"The number of FixedLocator locations \(\d+\), usually from a call to set_ticks, does not match the number of (tick)?labels"])
def matplotlib_tick_labels_count(ctx, failure):
    # Until 3.3 a FixedFormatter labelled tick i with label i: extra labels
    # were never shown, missing ones were blank. Only on the failing line:
    # the counts are known when the notebook runs.
    R = "matplotlib-tick-labels-count"
    edits = []
    if failure is None:
        return edits
    for cell, call in failing_calls(ctx, failure, r"The number of FixedLocator locations"):
        f = call.func
        if not isinstance(f, ast.Attribute) or any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            continue
        rest = "".join(", " + cell.seg(x) for x in call_arg_nodes(call) if x not in call.args[:2])
        if f.attr in TICK_LABELS and len(call.args) == 1 and not any(k.arg == "minor" for k in call.keywords):
            ticks = "_ax.%s()" % TICK_LABELS[f.attr]
            text = "(lambda _ax, _l: _ax.%s(_l[:len(%s)] + [''] * (len(%s) - len(_l))%s))(%s, list(%s))" % (
                f.attr, ticks, ticks, rest, cell.seg(f.value), cell.seg(call.args[0]))
        elif f.attr in ("xticks", "yticks") and ctx.names.qual(f.value) == "matplotlib.pyplot" and len(call.args) == 2:
            text = "%s(*(lambda _t, _l: (_t, _l[:len(_t)] + [''] * (len(_t) - len(_l))))(list(%s), list(%s))%s)" % (
                cell.seg(f), cell.seg(call.args[0]), cell.seg(call.args[1]), rest)
        else:
            continue
        edits.append(Edit(R, cell, cell.start(call), cell.end(call), text))
    return edits


@rule("matplotlib-colorbar-axes",
      "colorbar(mappable) of a mappable on no Axes (the current Axes until 3.6, an error since 3.8) -> colorbar(mappable, ax=<current Axes>)",
      trigger=[r"Unable to determine Axes to steal space for Colorbar"])
def matplotlib_colorbar_axes(ctx, failure):
    # Which mappable has no Axes is known only when it is drawn: the calls
    # on the lines the traceback names; the Axes is the one matplotlib
    # used to take, the figure's current one.
    R = "matplotlib-colorbar-axes"
    edits = []
    for cell, call in failing_calls(ctx, failure, r"Unable to determine Axes to steal space for Colorbar", "colorbar"):
        f = call.func
        if not call.args or any(k.arg in ("ax", "cax", None) for k in call.keywords):
            continue
        owner = cell.seg(f.value)
        q = ctx.names.qual(f.value)
        axes = owner + ".gca()" if q in ("matplotlib.pyplot", None) else ctx.expr_for(cell, "matplotlib.pyplot") + ".gca()"
        edits.append(append_args(R, cell, call, "ax=" + axes))
    return edits



@rule("matplotlib-seaborn-styles",
      "plt.style.use('seaborn-*') (removed in 3.8) -> 'seaborn-v0_8-*'",
      trigger=[r"not a valid package style", r"is not a valid style", r"style"])
def matplotlib_styles(ctx, failure):
    R = "matplotlib-seaborn-styles"
    edits = []
    if not ctx.names.uses("matplotlib"):
        return edits
    styles = ctx.env.get("matplotlib.style.available")
    if styles is MISSING:
        return edits
    styles = set(styles)
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        if not (q.endswith("style.use") or q.endswith("style.context")) or not call.args:
            continue
        arg = call.args[0]
        vals = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]
        for v in vals:
            s = str_const(v)
            if s is None or s in styles or not s.startswith("seaborn"):
                continue
            new = "seaborn-v0_8" + s[len("seaborn"):]
            if new in styles:
                e = replace_str(R, cell, v, new)
                if e:
                    edits.append(e)
    return edits


@rule("matplotlib-hist-normed",
      "hist(normed=...) (removed in 3.1) -> density=...",
      trigger=[r"unexpected keyword argument 'normed'", r"has no attribute 'normed'"])
def matplotlib_normed(ctx, failure):
    R = "matplotlib-hist-normed"
    edits = []
    if not ctx.names.uses("matplotlib") and not ctx.names.uses("pandas"):
        return edits
    if ctx.env.accepts_kw("matplotlib.axes.Axes.hist", "normed") is not False:
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr not in ("hist", "hist2d"):
            continue
        for kw in call.keywords:
            if kw.arg == "normed" and "density" not in {k.arg for k in call.keywords}:
                ks, ke = keyword_name_span(cell, kw)
                edits.append(Edit(R, cell, ks, ke, "density"))
    return edits


@rule("imblearn-return-indices",
      "RandomUnderSampler(return_indices=True) and X, y, idx = s.fit_sample(X, y) (removed 0.6) -> X, y = s.fit_resample(X, y); idx = s.sample_indices_",
      trigger=[r"unexpected keyword argument 'return_indices'"])
def imblearn_return_indices(ctx, failure):
    R = "imblearn-return-indices"
    edits = []
    if not ctx.names.uses("imblearn") or not ctx.env.raises(
            "from imblearn.under_sampling import RandomUnderSampler\nRandomUnderSampler(return_indices=True)"):
        return edits
    samplers = {}  # variable -> (cell, call) of its constructor with return_indices
    for cell in ctx.cells:
        for node in cell.nodes(ast.Assign):
            v = node.value
            if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(v, ast.Call) and (
                    ctx.names.qual(v.func) or "").startswith("imblearn.") and any(k.arg == "return_indices" for k in v.keywords):
                samplers[node.targets[0].id] = (cell, v)
    for name, (cell, ctor) in samplers.items():
        kw = [k for k in ctor.keywords if k.arg == "return_indices"][0]
        uses = []
        for c in ctx.cells:
            for node in c.nodes(ast.Assign):
                v = node.value
                t = node.targets[0] if len(node.targets) == 1 else None
                if (isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr in ("fit_sample", "fit_resample")
                        and isinstance(v.func.value, ast.Name) and v.func.value.id == name and isinstance(t, ast.Tuple)
                        and len(t.elts) == 3 and isinstance(cell.parents.get(node) if c is cell else c.parents.get(node), ast.Module)):
                    uses.append((c, node))
        if not uses:
            continue
        edits.append(remove_keyword(R, cell, ctor, kw))
        for c, node in uses:
            # The third target goes, and is read from the sampler after the
            # statement (fit_sample itself is imblearn-fit-sample's).
            t = node.targets[0]
            indent = c.lines[node.lineno - 1][:node.col_offset]
            edits.append(Edit(R, c, c.end(t.elts[1]), c.end(t.elts[2]), ""))
            edits.append(Edit(R, c, c.end(node), c.end(node), "\n%s%s = %s.sample_indices_" % (indent, c.seg(t.elts[2]), name)))
    return edits


HOLT_WINTERS = ("statsmodels.tsa.holtwinters.ExponentialSmoothing", "statsmodels.tsa.api.ExponentialSmoothing",
                "statsmodels.api.tsa.ExponentialSmoothing")


def fits_of(ctx, ctor_names):
    """The fit calls on a model a constructor of ctor_names made, directly
    (Model(...).fit()) or through a variable bound once (m = Model(...);
    m.fit()): (fit's cell, fit call, constructor's cell, constructor call)."""
    ctors = {}  # variable -> the constructor call it holds (one binding only)
    for cell in ctx.cells:
        for node in cell.nodes(ast.Assign):
            v = node.value
            if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(v, ast.Call) and ctx.names.qual(v.func) in ctor_names:
                name = node.targets[0].id
                ctors[name] = None if name in ctors else (cell, v)
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "fit":
            continue
        if isinstance(f.value, ast.Call) and ctx.names.qual(f.value.func) in ctor_names:
            yield cell, call, cell, f.value
        elif isinstance(f.value, ast.Name) and ctors.get(f.value.id):
            tc, tcall = ctors[f.value.id]
            yield cell, call, tc, tcall


@rule("statsmodels-holtwinters-boxcox",
      "ExponentialSmoothing(...).fit(use_boxcox=...) (moved to the model in 0.12; fit refuses it since 0.14) -> ExponentialSmoothing(..., use_boxcox=...)",
      trigger=[r"use_boxcox was set at model initialization and cannot be changed"])
def statsmodels_holtwinters_boxcox(ctx, failure):
    R = "statsmodels-holtwinters-boxcox"
    edits = []
    if not ctx.names.uses("statsmodels") or not ctx.env.accepts_kw("statsmodels.tsa.holtwinters.ExponentialSmoothing", "use_boxcox"):
        return edits
    if not ctx.env.raises("import numpy as np\nfrom statsmodels.tsa.holtwinters import ExponentialSmoothing\n"
                          "ExponentialSmoothing(np.arange(1.0, 30.0), trend='add').fit(use_boxcox=True)"):
        return edits
    moved = set()
    for cell, call, tc, tcall in fits_of(ctx, HOLT_WINTERS):
        kw = [k for k in call.keywords if k.arg == "use_boxcox"]
        if not kw or any(k.arg == "use_boxcox" for k in tcall.keywords) or id(tcall) in moved:
            continue
        moved.add(id(tcall))
        edits.append(remove_keyword(R, cell, call, kw[0]))
        edits.append(append_args(R, tc, tcall, "use_boxcox=" + cell.seg(kw[0].value)))
    return edits


AR_NAMES = ("statsmodels.tsa.ar_model.AR", "statsmodels.tsa.api.AR", "statsmodels.api.tsa.AR")


@rule("statsmodels-ar",
      "AR(y).fit(maxlag=k) (deprecated 0.11, removed 0.13) -> AutoReg(y, lags=k).fit(), the old default lag order spelled out",
      trigger=[r"AR has been removed from statsmodels", r"cannot import name 'AR' from 'statsmodels"])
def statsmodels_ar(ctx, failure):
    # AR's fit chose the lags (maxlag, by default round(12 * (nobs/100)^(1/4)))
    # and the trend; AutoReg takes both in its constructor. Its default
    # method (cmle, conditional least squares) is what AutoReg fits. An
    # information criterion (ic=) chose fewer lags: that is left alone.
    R = "statsmodels-ar"
    edits = []
    if not ctx.names.uses("statsmodels") or not ctx.env.has("statsmodels.tsa.ar_model.AutoReg"):
        return edits
    if not ctx.env.raises("from statsmodels.tsa.ar_model import AR\nAR([1.0, 2.0, 3.0, 4.0, 5.0]).fit(maxlag=1)"):
        return edits
    fits = {}  # id(AR call) -> (cell, AR call, [(cell, fit call)])
    for cell, call, tc, ar in fits_of(ctx, AR_NAMES):
        fits.setdefault(id(ar), (tc, ar, []))[2].append((cell, call))
    renamed = False
    for tc, ar, calls in fits.values():
        if len(calls) != 1 or len(ar.args) != 1 or ar.keywords:
            continue  # exog, dates, freq or several fits: not like for like
        cell, fit = calls[0]
        if any(isinstance(a, ast.Starred) for a in fit.args) or any(k.arg is None for k in fit.keywords) or len(fit.args) > 1:
            continue
        kws = {k.arg: k.value for k in fit.keywords}
        if set(kws) - {"maxlag", "trend", "method", "disp"} or str_const(kws.get("method")) not in (None, "cmle"):
            continue
        lags = fit.args[0] if fit.args else kws.get("maxlag")
        if lags is not None and not (isinstance(lags, ast.Constant) and lags.value is None):
            lags = cell.seg(lags)
        elif pure(ar.args[0]):
            lags = "int(round(12 * (len(%s) / 100.0) ** 0.25))" % tc.seg(ar.args[0])
        else:
            continue
        more = ", lags=" + lags
        if "trend" in kws:
            # AR's 'nc' (no constant) is AutoReg's 'n'.
            more += ", trend=" + ("'n'" if str_const(kws["trend"]) == "nc" else cell.seg(kws["trend"]))
        f = ar.func
        if isinstance(f, ast.Attribute):
            s, e = attr_span(tc, f)
            edits.append(Edit(R, tc, s, e, "AutoReg"))
        else:
            renamed = True
        edits.append(Edit(R, tc, tc.end(ar.args[0]), tc.end(ar.args[0]), more))
        items = call_arg_nodes(fit)
        if items:
            edits.append(Edit(R, cell, cell.start(items[0]), cell.end(items[-1]), ""))
        # AR's results had k_ar, the lag order; AutoReg's list their lags.
        stmt = cell.parents.get(fit)
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            res = stmt.targets[0].id
            for c in ctx.cells:
                for node in c.nodes(ast.Attribute):
                    if node.attr == "k_ar" and isinstance(node.value, ast.Name) and node.value.id == res and isinstance(node.ctx, ast.Load):
                        edits.append(Edit(R, c, c.start(node), c.end(node), "len(%s.ar_lags)" % res))
    if renamed:
        more, local = rename_imported(ctx, R, "statsmodels.tsa.ar_model", "AR", "AutoReg")
        edits.extend(more)
    return edits


# --- xgboost ------------------------------------------------------------------

XGB_FIT_TO_INIT = ("early_stopping_rounds", "eval_metric", "callbacks")


XGB_LE_CLASS = """class _XGBClassifierLE({base}):
    \"\"\"XGBClassifier with the label encoding XGBoost did itself before 1.6
    (erosion's rule xgboost-label-encoding): any labels in, the same out.\"\"\"
    @property
    def classes_(self):
        c = getattr(self, "_erosion_classes", None)
        return c if c is not None else super().classes_

    def fit(self, X, y, **kw):
        from sklearn.preprocessing import LabelEncoder
        self._erosion_classes = None
        self._erosion_le = LabelEncoder().fit(y)
        if kw.get("eval_set"):
            kw["eval_set"] = [(a, self._erosion_le.transform(b)) for a, b in kw["eval_set"]]
        super().fit(X, self._erosion_le.transform(y), **kw)
        self._erosion_classes = self._erosion_le.classes_
        return self

    def predict(self, X, **kw):
        import numpy as _np
        p = super().predict(X, **kw)
        le = getattr(self, "_erosion_le", None)
        return p if le is None else le.inverse_transform(_np.asarray(p).astype(int))


"""


@rule("xgboost-label-encoding",
      "XGBClassifier on labels other than 0..n-1 (its label encoder was removed in 1.6) -> a subclass that encodes them as before",
      trigger=[r"Invalid classes inferred from unique values of `y`"])
def xgboost_label_encoding(ctx, failure):
    R = "xgboost-label-encoding"
    edits = []
    # Only on the failure: which labels a notebook fits on is not in its source.
    if failure is None or not ctx.names.uses("xgboost") or "_XGBClassifierLE" in ctx.names.bound:
        return edits
    if not ctx.env.raises("import xgboost\nxgboost.XGBClassifier(n_estimators=1).fit([[0.0], [1.0]], [1, 2])"):
        return edits
    first = None
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) in ("xgboost.XGBClassifier", "xgboost.sklearn.XGBClassifier"):
            edits.append(Edit(R, cell, cell.start(call.func), cell.end(call.func), "_XGBClassifierLE"))
            if first is None:
                first = (cell, call)
    if first is None:
        return edits
    cell, call = first
    stmt = top_statement(cell, call)
    if stmt is None:
        return []
    base = ctx.names.alias_of("xgboost.XGBClassifier") or ctx.names.alias_of("xgboost.sklearn.XGBClassifier")
    if not base:
        x = ctx.names.alias_of("xgboost")
        base = (x or "__import__('xgboost')") + ".XGBClassifier"
    at = cell.start(stmt)
    edits.append(Edit(R, cell, at, at, XGB_LE_CLASS.format(base=base)))
    return edits


@rule("xgboost-fit-params",
      "XGBModel.fit(early_stopping_rounds=, eval_metric=, callbacks=) (removed in 2.1) -> constructor parameters",
      trigger=[r"fit\(\) got an unexpected keyword argument '(early_stopping_rounds|eval_metric|callbacks)'"])
def xgboost_fit_params(ctx, failure):
    R = "xgboost-fit-params"
    edits = []
    if not ctx.names.uses("xgboost"):
        return edits
    ps = ctx.env.params("xgboost.XGBModel.fit")
    if ps is None:
        return edits
    names = {p.name for p in ps}
    moved = [k for k in XGB_FIT_TO_INIT if k not in names]
    if not moved:
        return edits

    def is_xgb_ctor(node):
        if not isinstance(node, ast.Call):
            return False
        q = ctx.names.qual(node.func) or ""
        return q.startswith("xgboost.") and q.rsplit(".", 1)[1].startswith("XGB")
    # Each variable assigned an XGBoost estimator, with where.
    ctors = {}
    for cell in ctx.cells:
        for node in cell.nodes(ast.Assign):
            if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and is_xgb_ctor(node.value):
                ctors.setdefault(node.targets[0].id, []).append((cell, node.value))
    used = set()
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "fit":
            continue
        kws = [k for k in call.keywords if k.arg in moved]
        if not kws:
            continue
        recv = f.value
        target = None
        if is_xgb_ctor(recv):
            target = (cell, recv)
        elif isinstance(recv, ast.Name) and len(ctors.get(recv.id, [])) == 1:
            target = ctors[recv.id][0]
        elif isinstance(recv, ast.Name) and ctors.get(recv.id):
            # Several: the last one before this fit in the same cell, if any.
            same = [c for c in ctors[recv.id] if c[0] is cell and c[1].lineno <= call.lineno]
            target = same[-1] if same else None
        elif not isinstance(recv, ast.Name):
            continue
        mine = [remove_keyword(R, cell, call, kw) for kw in kws]
        if target is not None:
            tcell, ctor = target
            have = {k.arg for k in ctor.keywords}
            add = ", ".join(cell.seg(k) for k in kws if k.arg not in have)
            if add and id(ctor) not in used:
                used.add(id(ctor))
                mine.append(append_args(R, tcell, ctor, add))
        else:
            # Not built by a visible constructor (a loop over models, a
            # parameter): set the parameters just before fitting.
            stmt = cell.statement(call)
            line = cell.lines[stmt.lineno - 1] if stmt is not None else ""
            if stmt is None or stmt.col_offset != len(line) - len(line.lstrip()):
                continue  # not first on its line (`if x: m.fit(...)`)
            s = cell.start(stmt)
            mine.append(Edit(R, cell, s, s, cell.seg(recv) + ".set_params(" + ", ".join(cell.seg(k) for k in kws) + ")\n" + line[:stmt.col_offset]))
        edits.extend(mine)
    return edits


# Positional parameters of xgboost.train / xgboost.cv before 2.0 made all
# but the first three keyword-only.
XGB_OLD_POSITIONAL = {
    "train": ["params", "dtrain", "num_boost_round", "evals", "obj", "feval", "maximize", "early_stopping_rounds",
              "evals_result", "verbose_eval", "xgb_model", "callbacks"],
    "cv": ["params", "dtrain", "num_boost_round", "nfold", "stratified", "folds", "metrics", "obj", "feval",
           "maximize", "early_stopping_rounds", "fpreproc", "as_pandas", "verbose_eval", "show_stdv", "seed",
           "callbacks", "shuffle"],
}


@rule("xgboost-train-keywords",
      "xgb.train/xgb.cv: positional arguments after num_boost_round (keyword-only since 2.0) -> keywords; feval= (removed) -> custom_metric=",
      trigger=[r"(train|cv)\(\) takes from \d+ to \d+ positional arguments", r"unexpected keyword argument 'feval'"])
def xgboost_train_keywords(ctx, failure):
    R = "xgboost-train-keywords"
    edits = []
    if not ctx.names.uses("xgboost"):
        return edits
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        fn = q[len("xgboost."):] if q.startswith("xgboost.") else None
        if fn not in XGB_OLD_POSITIONAL or any(isinstance(a, ast.Starred) for a in call.args):
            continue
        ps = ctx.env.params(q)
        if ps is None:
            continue
        kinds = {p.name: p.kind for p in ps}
        old = XGB_OLD_POSITIONAL[fn]
        names = old[:len(call.args)]
        given = dict(zip(names, call.args))
        given.update({k.arg: k.value for k in call.keywords})
        # A custom objective changes what a custom metric is given.
        has_obj = "obj" in given and not (isinstance(given["obj"], ast.Constant) and given["obj"].value is None)
        mine = []
        for a, name in zip(call.args, old):
            kind = kinds.get(name)
            if kind is None and name != "feval":
                mine = None
                break
            if name == "feval" and "feval" not in kinds:
                if has_obj or "custom_metric" not in kinds:
                    mine = None
                    break
                name = "custom_metric"
            if kind == ps[0].KEYWORD_ONLY or name == "custom_metric":
                mine.append(Edit(R, cell, cell.start(a), cell.start(a), name + "="))
        if mine is None:
            continue
        for kw in call.keywords:
            if kw.arg == "feval" and "feval" not in kinds and "custom_metric" in kinds and not has_obj:
                ks, ke = keyword_name_span(cell, kw)
                mine.append(Edit(R, cell, ks, ke, "custom_metric"))
        edits.extend(mine)
    return edits


@rule("xgboost-ntree-limit",
      "predict(ntree_limit=n) and best_ntree_limit (removed in 2.0) -> iteration_range=(0, n), best_iteration + 1",
      trigger=[r"ntree_limit"])
def xgboost_ntree_limit(ctx, failure):
    R = "xgboost-ntree-limit"
    edits = []
    if not ctx.names.uses("xgboost"):
        return edits
    ps = ctx.env.params("xgboost.XGBModel.predict")
    if ps is None or "ntree_limit" in {p.name for p in ps}:
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr not in ("predict", "predict_proba"):
            continue
        for kw in call.keywords:
            if kw.arg == "ntree_limit":
                v = kw.value
                if isinstance(v, ast.Attribute) and v.attr == "best_ntree_limit":
                    n = cell.seg(v.value) + ".best_iteration + 1"
                else:
                    n = cell.seg(v)
                edits.append(Edit(R, cell, cell.start(kw), cell.end(kw), "iteration_range=(0, " + n + ")"))
    for cell, node in ctx.attributes():
        if node.attr == "best_ntree_limit" and not isinstance(cell.parents.get(node), ast.keyword):
            edits.append(Edit(R, cell, cell.start(node), cell.end(node), "(" + cell.seg(node.value) + ".best_iteration + 1)"))
    return edits


# --- rules for catalog entries that need more than a generic rewrite -------

def receiver_class(cell, call, failure):
    """Whose method a call is, where a Series' and a DataFrame's differ
    (sort_values): the class the failure names on this line, else a
    Series when the first argument is an axis (0, 'index'), else a
    DataFrame."""
    if failure is not None and failure.touches(cell, call):
        m = re.search(r"\b(Series|DataFrame)\.%s\(\)" % re.escape(call.func.attr), failure.message)
        if m:
            return m.group(1)
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and (first.value in (0, "index") and not isinstance(first.value, bool)):
        return "Series"
    return "DataFrame"


def uses_of(ctx, name):
    """Every load of a bare name, with its cell."""
    for cell in ctx.cells:
        for node in cell.nodes(ast.Name):
            if node.id == name and isinstance(node.ctx, ast.Load):
                yield cell, node


def module_binding(ctx, module):
    """The import statements binding `module` (import m / import m as a /
    from p import m), and the names they bind."""
    out = []
    parent, _, last = module.rpartition(".")
    for cell in ctx.cells:
        for node in cell.nodes(ast.Import):
            for a in node.names:
                if a.name == module:
                    out.append((cell, node, a.asname or module.split(".")[0]))
        for node in cell.nodes(ast.ImportFrom):
            if parent and node.module == parent and not node.level:
                for a in node.names:
                    if a.name == last:
                        out.append((cell, node, a.asname or a.name))
    return out


def expr_statement_call(cell, call):
    return isinstance(cell.parents.get(call), ast.Expr)


@rule("numpy-printoptions-nan", "np.set_printoptions(threshold=np.nan) -> threshold=sys.maxsize", trigger=[r"threshold must be non-NAN"])
def numpy_printoptions_nan(ctx, failure):
    R = "numpy-printoptions-nan"
    edits = []
    if not ctx.env.raises("import numpy as np\ntry:\n    np.set_printoptions(threshold=float('nan'))\nfinally:\n    np.set_printoptions(threshold=1000)"):
        return edits
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) != "numpy.set_printoptions":
            continue
        for kw in call.keywords:
            v = kw.value
            if kw.arg == "threshold" and (ctx.names.qual(v) in ("numpy.nan", "numpy.NaN", "numpy.NAN") or cell.seg(v) in ("float('nan')", 'float("nan")')):
                edits.append(Edit(R, cell, cell.start(v), cell.end(v), ctx.expr_for(cell, "sys.maxsize")))
    return edits


@rule("pandas-max-colwidth", "display.max_colwidth -1 -> None", trigger=[r"Value must be a nonnegative integer or None"])
def pandas_max_colwidth(ctx, failure):
    R = "pandas-max-colwidth"
    edits = []
    if not ctx.names.uses("pandas") or not ctx.env.raises("import pandas as pd; pd.set_option('display.max_colwidth', -1)"):
        return edits
    minus_one = lambda n: isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub) and isinstance(n.operand, ast.Constant) and n.operand.value == 1
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func) or ""
        if q in ("pandas.set_option", "pandas.options.display.set_option") and len(call.args) == 2 and str_const(call.args[0]) in ("display.max_colwidth", "max_colwidth") and minus_one(call.args[1]):
            edits.append(Edit(R, cell, cell.start(call.args[1]), cell.end(call.args[1]), "None"))
    for cell in ctx.cells:
        for node in cell.nodes(ast.Assign):
            t = node.targets[0] if len(node.targets) == 1 else None
            if t is not None and ctx.names.qual(t) == "pandas.options.display.max_colwidth" and minus_one(node.value):
                edits.append(Edit(R, cell, cell.start(node.value), cell.end(node.value), "None"))
    return edits


@rule("scipy-mode-keepdims", "stats.mode(a)[0][0] -> stats.mode(a, keepdims=True)[0][0] (indexed as an array, or on the failing line)",
      trigger=[r"invalid index to scalar variable"])
def scipy_mode_keepdims(ctx, failure):
    # The old result held arrays: indexing it twice (mode(a)[0][0],
    # mode(a).mode[0]) says so in the source; a result kept in a variable
    # and indexed later, only where the traceback goes.
    R = "scipy-mode-keepdims"
    edits = []
    if ctx.env.accepts_kw("scipy.stats.mode", "keepdims") is not True:
        return edits
    hit = failure is not None and failure.says(r"invalid index to scalar variable")
    failing_names = set()
    if hit:
        for cell in ctx.cells:
            for n in cell.nodes(ast.Name):
                if isinstance(n.ctx, ast.Load) and failure.touches(cell, n):
                    failing_names.add(n.id)
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) != "scipy.stats.mode" or any(k.arg in ("keepdims", None) for k in call.keywords):
            continue
        parent = cell.parents.get(call)
        if isinstance(parent, ast.Attribute) and parent.attr in ("mode", "count"):
            indexed = isinstance(cell.parents.get(parent), ast.Subscript)  # mode(a).mode[0]
        elif isinstance(parent, ast.Subscript) and parent.value is call:
            grand = cell.parents.get(parent)
            indexed = isinstance(grand, ast.Subscript) and grand.value is parent  # mode(a)[0][0]
        else:
            indexed = False
        assigned = isinstance(parent, ast.Assign) and any(isinstance(t, ast.Name) and t.id in failing_names for t in parent.targets)
        if indexed or hit and (failure.touches(cell, call) or assigned):
            edits.append(append_args(R, cell, call, "keepdims=True"))
    return edits


@rule("scipy-numpy-functions", "scipy.exp/sqrt/... (NumPy re-exports removed) -> numpy's", trigger=[r"odule 'scipy' has no attribute"])
def scipy_numpy_functions(ctx, failure):
    R = "scipy-numpy-functions"
    edits = []
    for cell, node in ctx.attributes():
        if ctx.names.qual(node.value) != "scipy":
            continue
        if ctx.env.has("scipy." + node.attr) or not ctx.env.has("numpy." + node.attr) or ctx.env.module_exists("scipy." + node.attr):
            continue
        edits.append(Edit(R, cell, cell.start(node), cell.end(node), ctx.expr_for(cell, "numpy." + node.attr)))
    return edits


PLOTLY_ONLINE_OK = ("iplot", "plot", "sign_in")


@rule("plotly-online-offline", "plotly.plotly (online; moved to chart_studio) -> plotly.offline when only iplot/plot are used",
      trigger=[r"plotly\.plotly module is deprecated", r"No module named 'plotly\.plotly'"])
def plotly_online_offline(ctx, failure):
    R = "plotly-online-offline"
    edits = []
    if not ctx.env.raises("import plotly.plotly") or not ctx.env.module_exists("plotly.offline"):
        return edits
    for cell, node, name in module_binding(ctx, "plotly.plotly"):
        mine, ok = [], True
        for c in ctx.cells:
            for n in c.nodes(ast.Name):
                if n.id != name or not isinstance(n.ctx, ast.Load):
                    continue
                p = c.parents.get(n)
                if not isinstance(p, ast.Attribute) or p.attr not in PLOTLY_ONLINE_OK:
                    ok = False
                    break
                if p.attr == "sign_in":
                    call = c.parents.get(p)
                    if not isinstance(call, ast.Call) or not expr_statement_call(c, call):
                        ok = False
                        break
                    stmt = c.parents.get(call)
                    mine.append(Edit(R, c, c.start(stmt), c.end(stmt), "pass"))
        if not ok:
            continue
        if isinstance(node, ast.Import):
            a = next(a for a in node.names if a.name == "plotly.plotly")
            mine.extend(alias_name_edit(R, cell, node, a, "plotly.offline" + ("" if a.asname else " as plotly")))
        else:
            a = next(a for a in node.names if a.name == "plotly")
            mine.extend(alias_name_edit(R, cell, node, a, "offline" + ("" if a.asname else " as plotly")))
        edits.extend(mine)
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            if node.module == "plotly.plotly" and all(a.name in ("iplot", "plot") for a in node.names):
                e = from_module_edit(R, cell, node, "plotly.offline")
                if e:
                    edits.append(e)
    return edits


# statsmodels 0.13 removed tsa.arima_model's ARMA and ARIMA (deprecated
# 0.12) for tsa.arima.model.ARIMA: order became a keyword (the second
# positional is exog), ARMA's (p, q) is ARIMA's (p, 0, q), fit() lost disp=,
# solver=, trend=..., forecast() returns the forecasts alone (get_forecast()
# has the rest) and plot_predict moved to statsmodels.graphics.tsaplots.
ARIMA_OLD = {
    "ARIMA": ("statsmodels.tsa.arima_model.ARIMA",),
    "ARMA": ("statsmodels.tsa.arima_model.ARMA", "statsmodels.api.tsa.ARMA", "statsmodels.tsa.api.ARMA"),
}
ARIMA_NAMES = {"ARIMA": "ARIMA", "ARMA": "ARIMA", "ARIMAResults": "ARIMAResults", "ARMAResults": "ARIMAResults"}


def arima_family(ctx, R, cls):
    edits = []
    new = "statsmodels.tsa.arima.model.ARIMA"
    if not ctx.env.has(new) or not ctx.env.raises(
            "from statsmodels.tsa.arima_model import %s\n%s([1.0, 2.0, 3.0, 4.0, 3.0, 2.0], order=(1, 0%s))" % (cls, cls, ", 0" if cls == "ARIMA" else "")):
        return edits
    # from statsmodels.tsa.arima_model import ARMA, ARIMA -> the new module,
    # each old name still bound (ARMA to the new ARIMA).
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            if node.module != "statsmodels.tsa.arima_model" or node.level:
                continue
            names = [a.name for a in node.names]
            if cls not in names or any(n not in ARIMA_NAMES for n in names):
                continue
            parts = []
            for a in node.names:
                tgt, bound = ARIMA_NAMES[a.name], a.asname or a.name
                parts.append(tgt if tgt == bound else "%s as %s" % (tgt, bound))
            edits.append(Edit(R, cell, cell.start(node), cell.end(node), "from statsmodels.tsa.arima.model import " + ", ".join(parts)))
    new_params = ctx.env.params(new)
    accepted = {p.name for p in new_params} if new_params else {"endog", "exog", "order", "dates", "freq", "missing"}
    models = set()  # names bound to an old model
    made = []  # the old constructor calls
    for cell, call in ctx.calls():
        q = ctx.names.qual(call.func)
        if q not in ARIMA_OLD[cls]:
            continue
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            continue
        kws = {k.arg: k for k in call.keywords}
        endog = call.args[0] if call.args else kws.get("endog")
        order = call.args[1] if len(call.args) > 1 else kws.get("order")
        exog = call.args[2] if len(call.args) > 2 else kws.get("exog")
        if endog is None or order is None or len(call.args) > 3:
            continue
        order = order.value if isinstance(order, ast.keyword) else order
        otext = cell.seg(order)
        if cls == "ARMA":
            if isinstance(order, (ast.Tuple, ast.List)) and len(order.elts) == 2:
                otext = "(%s, 0, %s)" % (cell.seg(order.elts[0]), cell.seg(order.elts[1]))
            else:
                otext = "tuple(%s)[:1] + (0,) + tuple(%s)[1:]" % (otext, otext)
        args = [cell.seg(endog.value if isinstance(endog, ast.keyword) else endog)]
        if exog is not None:
            args.append("exog=" + cell.seg(exog.value if isinstance(exog, ast.keyword) else exog))
        args.append("order=" + otext)
        for k in call.keywords:
            if k.arg not in ("endog", "order", "exog") and k.arg in accepted:
                args.append(cell.seg(k))
        items = call_arg_nodes(call)
        edits.append(Edit(R, cell, cell.start(items[0]), cell.end(items[-1]), ", ".join(args)))
        if q.startswith(("statsmodels.api.", "statsmodels.tsa.api.")):
            edits.append(Edit(R, cell, cell.start(call.func), cell.end(call.func), ctx.expr_for(cell, new)))
        made.append(call)
        parent = cell.parents.get(call)
        if isinstance(parent, ast.Assign):
            models.update(t.id for t in parent.targets if isinstance(t, ast.Name))
    if not made:
        return edits
    edits += arima_results(ctx, R, made, models)
    return edits


def arima_results(ctx, R, made, models):
    """fit(), forecast(), predict() and plot_predict() on the old models'
    results, as the new ARIMA takes them."""
    edits = []
    fit_params = ctx.env.params("statsmodels.tsa.arima.model.ARIMA.fit")
    fit_ok = {p.name for p in fit_params} if fit_params else set()
    new_methods = ("statespace", "innovations_mle", "hannan_rissanen", "burg", "innovations", "yule_walker")

    def is_model(node):
        return any(node is m for m in made) or isinstance(node, ast.Name) and node.id in models

    results = set()
    fits = []
    for cell, call in ctx.calls():
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr == "fit" and is_model(f.value):
            fits.append(call)
            parent = cell.parents.get(call)
            if isinstance(parent, ast.Assign):
                results.update(t.id for t in parent.targets if isinstance(t, ast.Name))
            if call.args or not fit_ok:
                continue
            drop = [kw for kw in call.keywords if kw.arg is not None and kw.arg not in fit_ok
                    or kw.arg == "method" and str_const(kw.value) not in new_methods]
            if drop:
                edits.append(remove_keywords(R, cell, call, drop))

    def is_result(node):
        return any(node is c for c in fits) or isinstance(node, ast.Name) and node.id in results

    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or not is_result(f.value):
            continue
        recv = cell.seg(f.value)
        parent = cell.parents.get(call)
        if f.attr == "forecast":
            # Old: (forecast, stderr, conf_int); new: the forecasts alone.
            if isinstance(parent, ast.Subscript) and parent.value is call and isinstance(parent.slice, ast.Constant) and parent.slice.value == 0:
                edits.append(Edit(R, cell, cell.start(parent), cell.end(parent), cell.seg(call)))
            elif isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], (ast.Tuple, ast.List)) \
                    and len(parent.targets[0].elts) == 3:
                s, e = attr_span(cell, f)
                edits.append(Edit(R, cell, cell.start(call), cell.end(call),
                                  "(lambda _f: (_f.predicted_mean, _f.se_mean, _f.conf_int()))(%s.get_forecast%s)" % (recv, cell.source[e:cell.end(call)])))
        elif f.attr == "predict":
            for kw in call.keywords:
                if kw.arg == "typ":  # the new ARIMA predicts levels only
                    edits.append(remove_keyword(R, cell, call, kw))
        elif f.attr == "plot_predict" and isinstance(parent, ast.Expr) and ctx.env.has("statsmodels.graphics.tsaplots.plot_predict"):
            keep = [cell.seg(a) for a in call.args] + [cell.seg(k) for k in call.keywords if k.arg != "plot_insample"]
            edits.append(Edit(R, cell, cell.start(call), cell.end(call),
                              "%s(%s)" % (ctx.expr_for(cell, "statsmodels.graphics.tsaplots.plot_predict"), ", ".join([recv] + keep))))
    return edits


@rule("statsmodels-arima", "statsmodels.tsa.arima_model.ARIMA (removed 0.13) -> statsmodels.tsa.arima.model.ARIMA (order=, fit() and forecast() as it takes them)",
      trigger=[r"arima_model\.ARIMA have been removed", r"No module named 'statsmodels\.tsa\.arima_model'"])
def statsmodels_arima(ctx, failure):
    return arima_family(ctx, "statsmodels-arima", "ARIMA")


@rule("statsmodels-arma", "statsmodels ARMA(y, (p, q)) (removed 0.13) -> statsmodels.tsa.arima.model.ARIMA(y, order=(p, 0, q))",
      trigger=[r"arima_model\.ARMA and .*have been removed", r"has no attribute 'ARMA'"])
def statsmodels_arma(ctx, failure):
    return arima_family(ctx, "statsmodels-arma", "ARMA")


@rule("nltk-stopwords", "stopwords.words('english') without the NLTK corpus -> scikit-learn's English stop words", trigger=[r"Resource .*stopwords.* not found"])
def nltk_stopwords(ctx, failure):
    R = "nltk-stopwords"
    edits = []
    if not ctx.names.uses("nltk") or not ctx.env.raises("from nltk.corpus import stopwords\nstopwords.words('english')"):
        return edits
    if not ctx.env.has("sklearn.feature_extraction.text.ENGLISH_STOP_WORDS"):
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr == "words" and ctx.names.qual(f.value) == "nltk.corpus.stopwords" \
                and len(call.args) == 1 and str_const(call.args[0]) == "english" and not call.keywords:
            edits.append(Edit(R, cell, cell.start(call), cell.end(call), "sorted(" + ctx.expr_for(cell, "sklearn.feature_extraction.text.ENGLISH_STOP_WORDS") + ")"))
    return edits


@rule("nltk-punkt", "nltk.word_tokenize without the Punkt model -> nltk.wordpunct_tokenize", trigger=[r"Resource .*punkt.* not found"])
def nltk_punkt(ctx, failure):
    R = "nltk-punkt"
    edits = []
    if not ctx.names.uses("nltk") or not ctx.env.raises("import nltk\nnltk.word_tokenize('a b')"):
        return edits
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) in ("nltk.word_tokenize", "nltk.tokenize.word_tokenize") and len(call.args) == 1 and not call.keywords:
            f = call.func
            if isinstance(f, ast.Attribute):
                s, e = attr_span(cell, f)
                edits.append(Edit(R, cell, s, e, "wordpunct_tokenize"))
            else:
                edits.append(Edit(R, cell, cell.start(f), cell.end(f), ctx.expr_for(cell, "nltk.wordpunct_tokenize")))
    return edits


def display_only(ctx, R, module, rewrite_call, extra_ok=None, assigned=None):
    """Rewrites a drawing package's uses where the environment lacks it:
    every use of the names its imports bind must be a call whose result
    nothing uses (an expression statement), rewritten by rewrite_call(cell,
    call, attr) into a statement drawn with what the environment has
    (text) or None to neutralise it; else nothing is rewritten."""
    if ctx.env.findable(module):
        return []
    edits = []
    bound = {}  # name -> the import statement
    for cell in ctx.cells:
        for node in cell.nodes((ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if not any(m == module or m.startswith(module + ".") for m in mods):
                continue
            if len(node.names) != 1 or node.names[0].name == "*":
                return []
            a = node.names[0]
            bound[a.asname or a.name.split(".")[0]] = (cell, node)
    if not bound:
        return []
    for name, (cell, node) in bound.items():
        edits.append(Edit(R, cell, cell.start(node), cell.end(node), "pass"))
    for cell in ctx.cells:
        for n in cell.nodes(ast.Name):
            if n.id not in bound or not isinstance(n.ctx, ast.Load):
                continue
            node, attr = n, None
            p = cell.parents.get(node)
            while isinstance(p, ast.Attribute) and p.value is node:
                attr = p.attr if attr is None else attr + "." + p.attr
                node, p = p, cell.parents.get(p)
            stmt = cell.parents.get(p)
            if assigned is not None and isinstance(p, ast.Call) and p.func is node and isinstance(stmt, ast.Assign) \
                    and stmt.value is p and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                # name = report(...): rewritten when the name is only shown.
                more = assigned(cell, p, attr, stmt.targets[0].id)
                if more is None:
                    return []
                edits.extend(more)
                continue
            if not (isinstance(p, ast.Call) and p.func is node and expr_statement_call(cell, p)):
                return []  # the result is used, or the module is passed on
            text = rewrite_call(cell, p, attr)
            stmt = cell.parents.get(p)
            edits.append(Edit(R, cell, cell.start(stmt), cell.end(stmt), text if text else "pass"))
    if extra_ok is not None:
        more = extra_ok()
        if more is None:
            return []
        edits.extend(more)
    return edits


@rule("display-missingno", "missingno plots (package absent) -> seaborn/pandas drawings", trigger=[r"No module named 'missingno'"])
def display_missingno(ctx, failure):
    R = "display-missingno"

    def draw(cell, call, attr):
        if not call.args:
            return None
        df = atom(cell, call.args[0])
        if attr == "matrix":
            return ctx.expr_for(cell, "seaborn.heatmap") + "(" + df + ".isnull(), cbar=False)"
        if attr == "bar":
            return df + ".notnull().sum().plot.bar()"
        if attr == "heatmap":
            return ctx.expr_for(cell, "seaborn.heatmap") + "(" + df + ".isnull().corr())"
        return None
    return display_only(ctx, R, "missingno", draw)


CUFFLINKS_KINDS = ("line", "bar", "barh", "hist", "box", "area", "pie", "scatter")
PANDAS_PLOT_KW = ("kind", "x", "y", "title", "subplots", "bins", "legend", "xlabel", "ylabel", "stacked", "logy", "secondary_y")


@rule("display-cufflinks", "cufflinks df.iplot (package absent) -> df.plot (matplotlib)", trigger=[r"No module named 'cufflinks'", r"has no attribute 'iplot'"])
def display_cufflinks(ctx, failure):
    R = "display-cufflinks"

    def iplots():
        out = []
        for cell, call in ctx.calls():
            f = call.func
            if not isinstance(f, ast.Attribute) or f.attr != "iplot" or ctx.names.qual(f.value) is not None:
                continue
            if not expr_statement_call(cell, call):
                return None
            kind = next((str_const(k.value) for k in call.keywords if k.arg == "kind"), "line")
            stmt = cell.parents.get(call)
            if kind not in CUFFLINKS_KINDS or call.args:
                out.append(Edit(R, cell, cell.start(stmt), cell.end(stmt), "pass"))
                continue
            kws = ", ".join(cell.seg(k) for k in call.keywords if k.arg in PANDAS_PLOT_KW)
            out.append(Edit(R, cell, cell.start(call), cell.end(call), cell.seg(f.value) + ".plot(" + kws + ")"))
        return out
    return display_only(ctx, R, "cufflinks", lambda cell, call, attr: None, iplots)


@rule("display-profiling", "pandas-profiling reports (package absent) -> df.describe(include='all')", trigger=[r"No module named '(pandas_profiling|ydata_profiling)'"])
def display_profiling(ctx, failure):
    R = "display-profiling"
    if ctx.env.findable("ydata_profiling"):
        return []

    def summary(cell, call, attr):
        if attr not in (None, "ProfileReport") or not call.args:
            return None
        return atom(cell, call.args[0]) + ".describe(include='all')"

    def profile_report():
        out = []
        for cell, call in ctx.calls():
            f = call.func
            if isinstance(f, ast.Attribute) and f.attr == "profile_report" and ctx.names.qual(f.value) is None:
                if not expr_statement_call(cell, call):
                    return None
                out.append(Edit(R, cell, cell.start(call), cell.end(call), cell.seg(f.value) + ".describe(include='all')"))
        return out
    def shown(cell, call, attr, name):
        """profile = ProfileReport(df), then only `profile` shown, saved
        with to_file or drawn with to_notebook_iframe/to_widgets: the
        summary table instead, saved as HTML."""
        text = summary(cell, call, attr)
        stores = sum(1 for c in ctx.cells for n in c.nodes(ast.Name) if n.id == name and not isinstance(n.ctx, ast.Load))
        if text is None or stores != 1:
            return None
        out = [Edit(R, cell, cell.start(call), cell.end(call), text)]
        for c in ctx.cells:
            for n in c.nodes(ast.Name):
                if n.id != name or not isinstance(n.ctx, ast.Load):
                    continue
                p = c.parents.get(n)
                if isinstance(p, ast.Expr):
                    continue  # shown
                call2 = c.parents.get(p)
                if not (isinstance(p, ast.Attribute) and isinstance(call2, ast.Call) and call2.func is p and isinstance(c.parents.get(call2), ast.Expr)):
                    return None
                if p.attr in ("to_notebook_iframe", "to_widgets") and not call2.args and not call2.keywords:
                    out.append(Edit(R, c, c.start(call2), c.end(call2), name))
                elif p.attr == "to_file":
                    dest = call2.args[0] if len(call2.args) == 1 and not call2.keywords else None
                    if not call2.args and len(call2.keywords) == 1 and call2.keywords[0].arg == "output_file":
                        dest = call2.keywords[0].value
                    if dest is None:
                        return None
                    out.append(Edit(R, c, c.start(call2), c.end(call2), "%s.to_html(%s)" % (name, c.seg(dest))))
                else:
                    return None
        return out
    return display_only(ctx, R, "pandas_profiling", summary, profile_report, assigned=shown)


@rule("numpy-cast", "np.cast[t](a) (removed 2.0) -> np.asarray(a, dtype=t)", trigger=[r"`np\.cast` was removed"])
def numpy_cast(ctx, failure):
    R = "numpy-cast"
    edits = []
    if ctx.env.has("numpy.cast"):
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if isinstance(f, ast.Subscript) and ctx.names.qual(f.value) == "numpy.cast" and len(call.args) == 1 and not call.keywords:
            idx = f.slice.value if f.slice.__class__.__name__ == "Index" else f.slice
            edits.append(Edit(R, cell, cell.start(call), cell.end(call),
                              ctx.expr_for(cell, "numpy.asarray") + "(" + cell.seg(call.args[0]) + ", dtype=" + cell.seg(idx) + ")"))
    return edits


def rename_imported(ctx, R, module, old, new):
    """Renames `from module import old` to new, and the bare uses of old
    (when imported without an alias). Returns the edits and the local names
    that now mean new."""
    edits, local = [], set()
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            if node.module != module or node.level:
                continue
            for a in node.names:
                if a.name == old:
                    edits.extend(alias_name_edit(R, cell, node, a, new))
                    local.add(a.asname or new)
                    if not a.asname:
                        for c, n in uses_of(ctx, old):
                            edits.append(Edit(R, c, c.start(n), c.end(n), new))
    return edits, local


def renamed_calls(ctx, R, module, old, new):
    """Renames module's function old to new (from-imports, bare uses,
    module.old attributes); returns the edits and the calls of it, whose
    arguments the rule then adjusts."""
    edits, local = rename_imported(ctx, R, module, old, new)
    calls = []
    for cell, call in ctx.calls():
        f = call.func
        if ctx.names.qual(f) == module + "." + old and isinstance(f, ast.Attribute):
            s, e = attr_span(cell, f)
            edits.append(Edit(R, cell, s, e, new))
        elif not (isinstance(f, ast.Name) and (f.id in local or f.id == old)):
            continue
        calls.append((cell, call))
    return edits, calls


@rule("sklearn-randomized-pca", "RandomizedPCA (removed 0.20) -> PCA(svd_solver='randomized')", trigger=[r"cannot import name 'RandomizedPCA'"])
def sklearn_randomized_pca(ctx, failure):
    R = "sklearn-randomized-pca"
    if ctx.env.has("sklearn.decomposition.RandomizedPCA") or not ctx.env.has("sklearn.decomposition.PCA"):
        return []
    edits, local = rename_imported(ctx, R, "sklearn.decomposition", "RandomizedPCA", "PCA")
    for cell, call in ctx.calls():
        f = call.func
        named = isinstance(f, ast.Name) and (f.id == "RandomizedPCA" or f.id in local)
        attr = isinstance(f, ast.Attribute) and f.attr == "RandomizedPCA" and ctx.names.qual(f) == "sklearn.decomposition.RandomizedPCA"
        if not (named or attr):
            continue
        if attr:
            s, e = attr_span(cell, f)
            edits.append(Edit(R, cell, s, e, "PCA"))
        if not any(k.arg == "svd_solver" for k in call.keywords):
            edits.append(append_args(R, cell, call, "svd_solver='randomized'"))
    return edits


@rule("matplotlib-errorbar-fmt", "errorbar(fmt=None) -> fmt='none'", trigger=[r"third arg must be a format string"])
def matplotlib_errorbar_fmt(ctx, failure):
    R = "matplotlib-errorbar-fmt"
    edits = []
    if not ctx.names.uses("matplotlib") or not ctx.env.raises("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nplt.figure().gca().errorbar([1], [1], yerr=[1], fmt=None)"):
        return edits
    for cell, call in ctx.calls():
        if callee_name(call) == "errorbar":
            for kw in call.keywords:
                if kw.arg == "fmt" and isinstance(kw.value, ast.Constant) and kw.value.value is None:
                    edits.append(Edit(R, cell, cell.start(kw.value), cell.end(kw.value), "'none'"))
    return edits


@rule("seaborn-kdeplot-data2", "kdeplot(data=x, data2=y) (removed 0.12) -> kdeplot(x=x, y=y)", trigger=[r"`data2` has been removed"])
def seaborn_kdeplot_data2(ctx, failure):
    R = "seaborn-kdeplot-data2"
    edits = []
    if ctx.env.accepts_kw("seaborn.kdeplot", "data2") is not False:
        return edits
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) != "seaborn.kdeplot":
            continue
        kws = {k.arg: k for k in call.keywords}
        if "data2" not in kws or "x" in kws or "y" in kws:
            continue
        ks, ke = keyword_name_span(cell, kws["data2"])
        edits.append(Edit(R, cell, ks, ke, "y"))
        if "data" in kws:
            ks, ke = keyword_name_span(cell, kws["data"])
            edits.append(Edit(R, cell, ks, ke, "x"))
    return edits


TSPLOT_FRAME = """def _tsplot_frame(data, time=None):
    \"\"\"tsplot's array form (one row per unit, one column per time point,
    or one series) as lineplot's long form (erosion's rule seaborn-tsplot).\"\"\"
    import numpy as _np
    import pandas as _pd
    a = _np.asarray(data, dtype=float)
    if a.ndim == 1:
        a = a[None, :]
    t = _np.arange(a.shape[1]) if time is None else _np.asarray(time)
    return _pd.DataFrame({"time": _np.tile(t, a.shape[0]), "value": a.ravel(),
                          "unit": _np.repeat(_np.arange(a.shape[0]), a.shape[1])})


"""

# tsplot's keywords lineplot takes as they are (with ax, color, legend and
# the line's own: marker, label, ...), and those with no lineplot meaning.
TSPLOT_KEEP = ("ax", "color", "legend", "estimator", "n_boot", "err_kws", "marker", "label", "lw", "linewidth",
               "linestyle", "ls", "alpha", "markersize", "ms", "zorder")
TSPLOT_DROP = ("interpolate", "err_palette", "unit")


@rule("seaborn-tsplot", "sns.tsplot (removed 0.10) -> sns.lineplot (the array form through a long-form frame)",
      trigger=[r"has no attribute 'tsplot'"])
def seaborn_tsplot(ctx, failure):
    R = "seaborn-tsplot"
    edits = []
    if ctx.env.has("seaborn.tsplot") or not ctx.env.accepts_kw("seaborn.lineplot", "errorbar"):
        return edits
    first = None
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) != "seaborn.tsplot" or len(call.args) > 2 or any(k.arg is None for k in call.keywords):
            continue
        kws = {k.arg: k.value for k in call.keywords}
        if call.args:
            if "data" in kws or len(call.args) == 2 and "time" in kws:
                continue
            kws["data"] = call.args[0]
            if len(call.args) == 2:
                kws["time"] = call.args[1]
        if "data" not in kws:
            continue
        long_form = "value" in kws
        known = set(TSPLOT_KEEP + TSPLOT_DROP + ("data", "time", "value", "condition", "err_style", "ci"))
        if any(k not in known for k in kws) or long_form and "time" not in kws or not long_form and "condition" in kws:
            continue
        if long_form:
            args = ["data=" + cell.seg(kws["data"]), "x=" + cell.seg(kws["time"]), "y=" + cell.seg(kws["value"])]
            if "condition" in kws:
                args.append("hue=" + cell.seg(kws["condition"]))
        else:
            frame = "_tsplot_frame(" + cell.seg(kws["data"]) + (", " + cell.seg(kws["time"]) if "time" in kws else "") + ")"
            args = ["data=" + frame, "x='time'", "y='value'"]
            if first is None:
                first = (cell, call)
        # tsplot drew a 68% band by default; ci_bars drew it as bars; its
        # trace styles (unit_traces, boot_traces...) become the band.
        ci = kws.get("ci")
        level = cell.seg(ci) if isinstance(ci, ast.Constant) and isinstance(ci.value, (int, float)) and not isinstance(ci.value, bool) else "68"
        args.append("errorbar=('ci', " + level + ")")
        if str_const(kws.get("err_style")) == "ci_bars":
            args.append("err_style='bars'")
        args += [k + "=" + cell.seg(kws[k]) for k in TSPLOT_KEEP if k in kws]
        f = call.func
        s, _ = attr_span(cell, f) if isinstance(f, ast.Attribute) else (cell.start(f), cell.end(f))
        edits.append(Edit(R, cell, cell.start(call), cell.end(call), cell.source[cell.start(f):s] + "lineplot(" + ", ".join(args) + ")"))
    if first is not None and "_tsplot_frame" not in ctx.names.bound:
        stmt = top_statement(*first)
        if stmt is None:
            return []
        at = first[0].start(stmt)
        edits.append(Edit(R, first[0], at, at, TSPLOT_FRAME))
    return edits


def replace_imported_call(ctx, R, module, name, make):
    """For `from module import name` (and module.name): the import of the
    name becomes pass (or loses it), and each call becomes make(cell, call)
    (None leaves it, and then the import too)."""
    edits, ok = [], True
    calls = []
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) == module + "." + name:
            text = make(cell, call)
            if text is None:
                return []
            calls.append(Edit(R, cell, cell.start(call), cell.end(call), text))
    if not calls:
        return []
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            if node.module == module and any(a.name == name for a in node.names):
                if len(node.names) == 1:
                    edits.append(Edit(R, cell, cell.start(node), cell.end(node), "pass"))
                else:
                    seg = cell.seg(node)
                    m = re.match(r"from\s+[\w.\s]+?\s+import\s+", seg)
                    body = ", ".join(x.name + (" as " + x.asname if x.asname else "") for x in node.names if x.name != name)
                    edits.append(Edit(R, cell, cell.start(node), cell.end(node), seg[:m.end()] + body))
    return edits + calls


@rule("scipy-imread", "scipy.misc.imread(path) (removed 1.2) -> numpy.asarray(PIL.Image.open(path))", trigger=[r"cannot import name 'imread'", r"has no attribute 'imread'"])
def scipy_imread(ctx, failure):
    R = "scipy-imread"
    if ctx.env.has("scipy.misc.imread") or not ctx.env.module_exists("PIL.Image"):
        return []

    def make(cell, call):
        if len(call.args) != 1 or call.keywords:
            return None
        return ctx.expr_for(cell, "numpy.asarray") + "(" + ctx.expr_for(cell, "PIL.Image.open") + "(" + cell.seg(call.args[0]) + "))"
    return replace_imported_call(ctx, R, "scipy.misc", "imread", make)


@rule("scipy-itemfreq", "scipy.stats.itemfreq(a) (removed 1.3) -> numpy.array(numpy.unique(a, return_counts=True)).T", trigger=[r"cannot import name 'itemfreq'", r"has no attribute 'itemfreq'"])
def scipy_itemfreq(ctx, failure):
    R = "scipy-itemfreq"
    if ctx.env.has("scipy.stats.itemfreq"):
        return []

    def make(cell, call):
        if len(call.args) != 1 or call.keywords:
            return None
        np_ = ctx.expr_for(cell, "numpy")
        return np_ + ".array(" + np_ + ".unique(" + cell.seg(call.args[0]) + ", return_counts=True)).T"
    return replace_imported_call(ctx, R, "scipy.stats", "itemfreq", make)


@rule("scipy-binom-test", "scipy.stats.binom_test(k, n, p) (removed 1.12) -> binomtest(k, n, p).pvalue", trigger=[r"cannot import name 'binom_test'", r"has no attribute 'binom_test'"])
def scipy_binom_test(ctx, failure):
    R = "scipy-binom-test"
    if ctx.env.has("scipy.stats.binom_test") or not ctx.env.has("scipy.stats.binomtest"):
        return []
    edits, calls = renamed_calls(ctx, R, "scipy.stats", "binom_test", "binomtest")
    for cell, call in calls:
        if len(call.args) < 2:
            return []  # binom_test([successes, failures]): no like-for-like rewrite
        e = cell.end(call)
        edits.append(Edit(R, cell, e, e, ".pvalue"))
    return edits


@rule("scipy-median-absolute-deviation",
      "scipy.stats.median_absolute_deviation(x) (removed 1.9) -> median_abs_deviation(x, scale=1 / 1.4826): the old default factor, now a divisor",
      trigger=[r"cannot import name 'median_absolute_deviation'", r"has no attribute 'median_absolute_deviation'"])
def scipy_median_absolute_deviation(ctx, failure):
    # The old function multiplied the MAD by its scale (1.4826 by default,
    # 'raw' for 1.0); the successor divides by its scale (1.0 by default).
    R = "scipy-median-absolute-deviation"
    if ctx.env.has("scipy.stats.median_absolute_deviation") or not ctx.env.has("scipy.stats.median_abs_deviation"):
        return []
    edits, calls = renamed_calls(ctx, R, "scipy.stats", "median_absolute_deviation", "median_abs_deviation")
    for cell, call in calls:
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return []
        scale = call.args[3] if len(call.args) > 3 else next((k.value for k in call.keywords if k.arg == "scale"), None)
        if scale is None:
            edits.append(append_args(R, cell, call, "scale=1 / 1.4826"))
        elif str_const(scale) == "raw":
            edits.append(Edit(R, cell, cell.start(scale), cell.end(scale), "1.0"))
        elif str_const(scale) is None:
            edits.append(Edit(R, cell, cell.start(scale), cell.end(scale), "1 / " + atom(cell, scale)))
    return edits


# NumPy 1.x's np.sctypes (removed in 2.0) on the platforms erosion runs on.
SCTYPES = {
    "int": ["int8", "int16", "int32", "int64"],
    "uint": ["uint8", "uint16", "uint32", "uint64"],
    "float": ["float16", "float32", "float64", "longdouble"],
    "complex": ["complex64", "complex128", "clongdouble"],
    "others": ["bool", "object", "bytes", "str", "void"],
}


@rule("numpy-sctypes", "np.sctypes['float'] (removed 2.0) -> the list of those scalar types, spelled out",
      trigger=[r"`np\.sctypes` was removed", r"has no attribute 'sctypes'"])
def numpy_sctypes(ctx, failure):
    R = "numpy-sctypes"
    edits = []
    if ctx.env.has("numpy.sctypes"):
        return edits
    for cell, node in ctx.attributes():
        if node.attr != "sctypes" or ctx.names.qual(node) != "numpy.sctypes":
            continue
        np_ = ctx.expr_for(cell, "numpy")

        def types(kind):
            return "[" + ", ".join(("" if t in ("bool", "object", "bytes", "str") else np_ + ".") + t for t in SCTYPES[kind]) + "]"
        parent = cell.parents.get(node)
        key = str_const(getattr(parent, "slice", None)) if isinstance(parent, ast.Subscript) and parent.value is node else None
        if key in SCTYPES and isinstance(parent.ctx, ast.Load):
            edits.append(Edit(R, cell, cell.start(parent), cell.end(parent), types(key)))
        else:
            edits.append(Edit(R, cell, cell.start(node), cell.end(node),
                              "{" + ", ".join("%r: %s" % (k, types(k)) for k in SCTYPES) + "}"))
    return edits


@rule("sklearn-scorers-dict",
      "metrics.SCORERS (removed 1.3) -> get_scorer(name) for SCORERS[name], get_scorer_names() for its keys, else the same dict rebuilt",
      trigger=[r"cannot import name 'SCORERS'", r"has no attribute 'SCORERS'"])
def sklearn_scorers_dict(ctx, failure):
    R = "sklearn-scorers-dict"
    edits = []
    if not ctx.names.uses("sklearn") or ctx.env.has("sklearn.metrics.SCORERS") or not ctx.env.has("sklearn.metrics.get_scorer_names"):
        return edits
    local = set()  # names a from-import bound to the dict
    for cell in ctx.cells:
        for node in cell.nodes(ast.ImportFrom):
            if node.level or node.module != "sklearn.metrics":
                continue
            for a in node.names:
                if a.name != "SCORERS":
                    continue
                if a.asname and not hasattr(a, "lineno"):
                    return []
                name = a.asname or a.name
                if name in ctx.names.bound:
                    return []  # the name is rebound: leave the notebook as it is
                local.add(name)
                if a.asname:
                    edits.append(Edit(R, cell, cell.start(a), cell.end(a), "get_scorer, get_scorer_names"))
                else:
                    edits.extend(alias_name_edit(R, cell, node, a, "get_scorer, get_scorer_names"))
    for cell in ctx.cells:
        for node in cell.nodes((ast.Name, ast.Attribute)):
            if isinstance(node, ast.Name):
                if node.id not in local or not isinstance(node.ctx, ast.Load):
                    continue
                gs, gsn = "get_scorer", "get_scorer_names"
            else:
                if node.attr != "SCORERS" or ctx.names.qual(node) != "sklearn.metrics.SCORERS":
                    continue
                gs, gsn = ctx.expr_for(cell, "sklearn.metrics.get_scorer"), ctx.expr_for(cell, "sklearn.metrics.get_scorer_names")
            parent = cell.parents.get(node)
            grand = cell.parents.get(parent)
            if isinstance(parent, ast.Subscript) and parent.value is node and isinstance(parent.ctx, ast.Load) and not isinstance(parent.slice, ast.Slice):
                edits.append(Edit(R, cell, cell.start(parent), cell.end(parent), gs + "(" + cell.seg(parent.slice) + ")"))
            elif isinstance(parent, ast.Attribute) and parent.attr == "keys" and isinstance(grand, ast.Call) and grand.func is parent and not grand.args:
                edits.append(Edit(R, cell, cell.start(grand), cell.end(grand), gsn + "()"))
            else:
                edits.append(Edit(R, cell, cell.start(node), cell.end(node), "{_n: %s(_n) for _n in %s()}" % (gs, gsn)))
    return edits


CAT_INPLACE = ("set_categories", "rename_categories", "reorder_categories", "add_categories", "remove_categories",
               "remove_unused_categories", "as_ordered", "as_unordered")


@rule("pandas-categorical-inplace",
      "s.cat.set_categories(..., inplace=True) and the other .cat methods' inplace (removed 2.0) -> s = s.cat.set_categories(...)",
      trigger=[r"(%s)\(\) got an unexpected keyword argument 'inplace'" % "|".join(CAT_INPLACE)])
def pandas_categorical_inplace(ctx, failure):
    R = "pandas-categorical-inplace"
    edits = []
    if not ctx.names.uses("pandas") or not ctx.env.raises(
            "import pandas as pd\npd.Series(['a'], dtype='category').cat.set_categories(['a', 'b'], inplace=True)"):
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr not in CAT_INPLACE or not isinstance(f.value, ast.Attribute) or f.value.attr != "cat":
            continue
        edits.extend(inplace_to_assignment(R, cell, call, f.value.value))  # s, of s.cat
    return edits


@rule("pandas-get-loc-method",
      "index.get_loc(key, method='nearest') (removed 2.0) -> index.get_indexer([key], method='nearest')[0]",
      trigger=[r"get_loc\(\) got an unexpected keyword argument 'method'", r"get_loc\(\) takes 2 positional arguments"])
def pandas_get_loc_method(ctx, failure):
    R = "pandas-get-loc-method"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.accepts_kw("pandas.Index.get_loc", "method") is not False:
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "get_loc" or ctx.names.qual(f.value) is not None:
            continue
        if not call.args or len(call.args) > 3 or any(isinstance(a, ast.Starred) for a in call.args):
            continue
        kws = {k.arg: k for k in call.keywords}
        if None in kws or set(kws) - {"key", "method", "tolerance"} or "key" in kws:
            continue
        if len(call.args) < 2 and "method" not in kws:
            continue
        rest = ["method=" + cell.seg(a) if i == 0 else "tolerance=" + cell.seg(a) for i, a in enumerate(call.args[1:])]
        rest += [cell.seg(kws[k]) for k in ("method", "tolerance") if k in kws]
        s, _ = attr_span(cell, f)
        edits.append(Edit(R, cell, s, cell.end(call), "get_indexer([" + cell.seg(call.args[0]) + "], " + ", ".join(rest) + ")[0]"))
    return edits


@rule("pandas-astype-datetime64",
      "astype('datetime64') without a unit (refused since 2.0) -> astype('datetime64[ns]'), the unit pandas 1 chose",
      trigger=[r"Casting to unit-less dtype '(datetime64|timedelta64)' is not supported",
               r"Passing in '(datetime64|timedelta64)' dtype with no precision is not allowed"])
def pandas_astype_datetime64(ctx, failure):
    # NumPy accepts a unit-less datetime64 (it infers one): a numpy array's
    # astype is left alone unless the traceback goes through it.
    R = "pandas-astype-datetime64"
    edits = []
    if not ctx.names.uses("pandas") or not ctx.env.raises("import pandas as pd\npd.Series(['2020-01-01']).astype('datetime64')"):
        return edits
    said = failure is not None and failure.says(r"Casting to unit-less dtype", r"dtype with no precision is not allowed")

    def unitless(node):
        s = str_const(node)
        if s in ("datetime64", "timedelta64", "M8", "m8", "<M8", "<m8"):
            return "datetime64[ns]" if s.lstrip("<")[0] in "dM" else "timedelta64[ns]"
        q = ctx.names.qual(node)
        return {"numpy.datetime64": "datetime64[ns]", "numpy.timedelta64": "timedelta64[ns]"}.get(q)

    def pandas_side(recv):
        if isinstance(recv, ast.Subscript) and str_const(recv.slice) is not None:
            return True  # df['date']
        return any(isinstance(n, ast.Call) and (ctx.names.qual(n.func) or "").startswith("pandas.") for n in ast.walk(recv))
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "astype" or ctx.names.qual(f.value) is not None:
            continue
        if not ((said and failure.touches(cell, call)) or pandas_side(f.value)):
            continue
        arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "dtype"), None)
        targets = [arg]
        if isinstance(arg, ast.Dict):
            targets = arg.values
        for t in targets:
            new = unitless(t) if t is not None else None
            if new:
                edits.append(Edit(R, cell, cell.start(t), cell.end(t), repr(new)))
    return edits


@rule("pandas-resample-loffset",
      "resample(..., loffset=o).agg() (removed 2.0) -> resample(...).agg() with o added to the result's index",
      trigger=[r"resample\(\) got an unexpected keyword argument 'loffset'"])
def pandas_resample_loffset(ctx, failure):
    # loffset moved the labels of the aggregated result; pandas 2.0's notes
    # say to add the offset to the index after aggregating.
    R = "pandas-resample-loffset"
    edits = []
    if not ctx.names.uses("pandas") or ctx.env.accepts_kw("pandas.DataFrame.resample", "loffset") is not False:
        return edits
    for cell, call in ctx.calls():
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr != "resample":
            continue
        kw = next((k for k in call.keywords if k.arg == "loffset"), None)
        if kw is None:
            continue
        node, parent = call, cell.parents.get(call)
        while isinstance(parent, ast.Subscript) and parent.value is node:  # .resample(...)['col']
            node, parent = parent, cell.parents.get(parent)
        agg = cell.parents.get(parent)
        if not (isinstance(parent, ast.Attribute) and parent.value is node and isinstance(agg, ast.Call) and agg.func is parent):
            continue
        off = ctx.expr_for(cell, "pandas.tseries.frequencies.to_offset")
        edits.append(remove_keyword(R, cell, call, kw))
        edits.append(Edit(R, cell, cell.end(agg), cell.end(agg),
                          ".pipe(lambda _r: _r.set_axis(_r.index + %s(%s)))" % (off, cell.seg(kw.value))))
    return edits


@rule("imblearn-smote-kind", "SMOTE(kind='borderline1'/'svm') (removed 0.6) -> BorderlineSMOTE(kind='borderline-1') / SVMSMOTE()", trigger=[r"unexpected keyword argument 'kind'"])
def imblearn_smote_kind(ctx, failure):
    R = "imblearn-smote-kind"
    edits = []
    if ctx.env.accepts_kw("imblearn.over_sampling.SMOTE", "kind") is not False or not ctx.env.has("imblearn.over_sampling.BorderlineSMOTE"):
        return edits
    kinds = {"borderline1": ("BorderlineSMOTE", "'borderline-1'"), "borderline2": ("BorderlineSMOTE", "'borderline-2'"), "svm": ("SVMSMOTE", None)}
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) != "imblearn.over_sampling.SMOTE":
            continue
        kw = next((k for k in call.keywords if k.arg == "kind"), None)
        if kw is None or str_const(kw.value) not in kinds:
            continue
        cls, value = kinds[str_const(kw.value)]
        edits.append(Edit(R, cell, cell.start(call.func), cell.end(call.func), ctx.expr_for(cell, "imblearn.over_sampling." + cls)))
        if value is None:
            edits.append(remove_keyword(R, cell, call, kw))
        else:
            edits.append(Edit(R, cell, cell.start(kw.value), cell.end(kw.value), value))
    return edits


@rule("plotly-credentials", "plotly.tools.set_credentials_file / plotly.plotly.sign_in (online, moved to chart_studio) -> dropped", trigger=[r"has no attribute 'set_credentials_file'", r"chart-studio"])
def plotly_credentials(ctx, failure):
    R = "plotly-credentials"
    edits = []
    if ctx.env.has("plotly.tools.set_credentials_file") and not ctx.env.raises("import plotly.tools\nplotly.tools.set_credentials_file(username='u', api_key='k')"):
        return edits
    for cell, call in ctx.calls():
        if ctx.names.qual(call.func) in ("plotly.tools.set_credentials_file", "plotly.tools.set_config_file") and expr_statement_call(cell, call):
            stmt = cell.parents.get(call)
            edits.append(Edit(R, cell, cell.start(stmt), cell.end(stmt), "pass"))
    return edits


GRAPHVIZ_PACKAGES = ("pydotplus", "pydot", "graphviz")
PLOT_TREE_KW = ("feature_names", "class_names", "filled", "rounded", "impurity", "proportion", "precision", "label", "max_depth", "node_ids", "fontsize")
DISPLAY_CALLS = ("Image", "SVG", "display")


@rule("display-graphviz", "a tree drawn with export_graphviz + pydotplus/pydot/graphviz (package absent) -> sklearn.tree.plot_tree",
      trigger=[r"No module named '(pydotplus|pydot|graphviz)'"])
def display_graphviz(ctx, failure):
    R = "display-graphviz"
    for pkg in GRAPHVIZ_PACKAGES:
        edits = graphviz_drawing(ctx, R, pkg)
        if edits:
            return edits
    return []


def graphviz_drawing(ctx, R, pkg):
    if ctx.env.findable(pkg) or not ctx.env.has("sklearn.tree.plot_tree"):
        return []
    imports, bound = [], set()
    for cell in ctx.cells:
        for node in cell.nodes((ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(m == pkg or m.startswith(pkg + ".") for m in mods):
                if len(node.names) != 1 or node.names[0].name == "*":
                    return []
                a = node.names[0]
                bound.add(a.asname or a.name.split(".")[0])
                imports.append((cell, node))
    if not imports:
        return []

    def names_in(node):
        return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}

    # Statements that use the package: `g = pkg.f(...)` or a display.
    drawing, graphs, feeds = [], set(), set()
    for cell in ctx.cells:
        for stmt in cell.nodes(ast.stmt):
            if isinstance(stmt, (ast.Import, ast.ImportFrom)) or not (names_in(stmt) & bound):
                continue
            if isinstance(stmt, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.With, ast.Try)):
                return []  # inside a block: not a plain drawing
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                graphs.add(stmt.targets[0].id)
            elif not isinstance(stmt, ast.Expr):
                return []
            feeds |= names_in(stmt) - bound
            drawing.append((cell, stmt))
    # Uses of the graphs: only displays (Image(g.create_png()), g alone).
    for cell in ctx.cells:
        for stmt in cell.nodes(ast.stmt):
            used = names_in(stmt) & graphs
            if not used or any(stmt is d for _, d in drawing):
                continue
            if not isinstance(stmt, ast.Expr):
                return []
            v = stmt.value
            ok = isinstance(v, ast.Name) or (isinstance(v, ast.Call) and callee_name(v) in DISPLAY_CALLS)
            if not ok or any(isinstance(n, ast.Attribute) and n.attr.startswith(("write", "render")) for n in ast.walk(stmt)):
                return []
            drawing.append((cell, stmt))
    # The export_graphviz call that made the dot source.
    exports = []
    for cell, call in ctx.calls():
        if callee_name(call) == "export_graphviz" and call.args:
            stmt = cell.parents.get(call)
            out = next((k.value for k in call.keywords if k.arg == "out_file"), None)
            if isinstance(stmt, ast.Expr) and isinstance(out, ast.Name) and out.id in feeds:
                exports.append((cell, stmt, call))
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id in feeds:
                exports.append((cell, stmt, call))
    if len(exports) != 1:
        return []
    cell, stmt, call = exports[0]
    kws = [cell.seg(k) for k in call.keywords if k.arg in PLOT_TREE_KW]
    text = ctx.expr_for(cell, "sklearn.tree.plot_tree") + "(" + ", ".join([cell.seg(call.args[0])] + kws) + ")"
    edits = [Edit(R, cell, cell.start(stmt), cell.end(stmt), text)]
    for c, node in imports + drawing:
        edits.append(Edit(R, c, c.start(node), c.end(node), "pass"))
    return edits


# ---------------------------------------------------------------------------
# Generic rewrites, driven by the catalog's data (catalog.yaml)
# ---------------------------------------------------------------------------

SIMPLE = (ast.Name, ast.Attribute, ast.Subscript, ast.Call, ast.Constant, ast.List, ast.Tuple, ast.Dict)


def atom(cell, node):
    """The node's source, parenthesised unless it binds tighter than any
    operator (a name, attribute, call, subscript or literal)."""
    seg = cell.seg(node)
    return seg if isinstance(node, SIMPLE) else "(" + seg + ")"


def pure(node):
    """A side-effect free receiver that may be spelled twice."""
    return all(isinstance(n, (ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.Load, ast.Index if hasattr(ast, "Index") else ast.Load,
                              ast.Slice, ast.Tuple, ast.UnaryOp, ast.USub))
               for n in ast.walk(node))


def callee_name(call):
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def insertion_point(cell):
    """Where an import line can go: the cell's start, after a cell magic."""
    if cell.lines and cell.lines[0].lstrip().startswith("%%"):
        return cell.starts[1] if len(cell.starts) > 1 else len(cell.source)
    return 0


class Generic(object):
    """One catalog entry of a generic kind. edits(ctx, failure) returns the
    edits that rewrite the entry's old API into its new one."""

    def __init__(self, entry):
        self.entry = entry
        self.name = entry["id"]
        self.rw = entry.get("rewrite") or {}
        self.kind = self.rw.get("kind")
        self.meaning = bool(entry.get("meaning"))
        self.family = entry.get("family") or ""
        self.present = bool(entry.get("present"))
        self.trigger = [entry["message"]] if entry.get("message") else []
        self._gone = None

    # --- is the old API gone here? -------------------------------------------

    def gone(self, ctx):
        """True when the environment proves the old API gone, False when it
        still has it, None when it cannot tell (the failure must say)."""
        if self._gone is None:
            self._gone = self._probe(ctx)
        return self._gone

    def _probe(self, ctx):
        rw, env = self.rw, ctx.env
        if self.present:
            return False
        if rw.get("probe"):
            return env.raises(rw["probe"])
        k = self.kind
        if k == "module":
            return not env.module_exists(rw["from"])
        if k == "name" or (k == "call" and rw.get("from")):
            return not env.has(rw["from"])
        if k in ("method", "call") and rw.get("owner"):
            return not env.has(rw["owner"] + "." + rw["old" if k == "method" else "method"])
        if k == "positional" and rw.get("check"):
            ps = env.params(rw["check"])
            if ps is None:
                return None
            ps = [p for p in ps if p.name != "self"]
            kinds = [p.kind for p in ps[:rw["keep"] + 1]]
            return len(kinds) <= rw["keep"] or kinds[rw["keep"]] == kinds[0].KEYWORD_ONLY
        if k == "keyword" and rw.get("check"):
            ok = env.accepts_kw(rw["check"], rw["from"])
            return None if ok is None else not ok
        if k == "value" and rw.get("check"):
            return not env.sk_accepts(rw["check"], rw["keyword"], rw["from"])
        return None

    def triggered(self, failure):
        return failure is not None and any(re.search(p, failure.type + ": " + failure.message) for p in self.trigger)

    # --- the rewrite -----------------------------------------------------------

    def edits(self, ctx, failure):
        gone = self.gone(ctx)
        hit = self.triggered(failure)
        if not gone and not hit:
            return []
        # Where: everywhere when the environment proves the API gone (or the
        # failure names it exactly), else only on the lines the traceback
        # goes through.
        everywhere = bool(gone) or (hit and self.kind in ("module", "name"))
        only = None if everywhere else failure
        fn = getattr(self, "k_" + self.kind)
        out = fn(ctx, only, failure if hit else None) or []
        for e in out:
            e.rule = self.name
        return out

    def sites(self, ctx, only, kind=ast.Call):
        for cell in ctx.cells:
            for node in cell.nodes(kind):
                if only is None or only.touches(cell, node):
                    yield cell, node

    def requires(self, ctx):
        req = self.rw.get("requires")
        if not req:
            return True
        return any(ctx.names.uses(r) for r in ([req] if isinstance(req, str) else req))

    def matches_callee(self, ctx, call):
        names = self.rw.get("callees") or []
        if not names:
            return True
        q = ctx.names.qual(call.func) or ""
        last = callee_name(call)
        for n in names:
            if "." in n:
                if q == n:
                    return True
            elif last == n:
                return True
        return False

    # module: a module renamed or moved (imports, aliases, star imports,
    # attribute chains, import_module strings).
    def k_module(self, ctx, only, failure):
        old, new = self.rw["from"], self.rw["to"]
        E = lambda cell, s, e, t: Edit(self.name, cell, s, e, t)
        out = []
        oparent, _, olast = old.rpartition(".")
        nparent, _, nlast = new.rpartition(".")
        for cell in ctx.cells:
            for node in cell.nodes(ast.ImportFrom):
                if node.level or not node.module:
                    continue
                if node.module == old or node.module.startswith(old + "."):
                    e = from_module_edit(self.name, cell, node, new + node.module[len(old):])
                    if e:
                        out.append(e)
                elif node.module == oparent:
                    for a in node.names:
                        if a.name != olast:
                            continue
                        if nparent == oparent:
                            out.extend(alias_name_edit(self.name, cell, node, a, nlast + ("" if a.asname else " as " + a.name)))
                        elif len(node.names) == 1:
                            out.append(E(cell, cell.start(node), cell.end(node), "import " + new + " as " + (a.asname or a.name)))
            for node in cell.nodes(ast.Import):
                for a in node.names:
                    if a.name == old or a.name.startswith(old + "."):
                        rest = a.name[len(old):]
                        if a.asname:
                            out.extend(alias_name_edit(self.name, cell, node, a, new + rest))
                        elif new.split(".")[0] == old.split(".")[0]:
                            # `import a.b` binds `a`: uses spell a.b.x,
                            # rewritten below.
                            out.extend(alias_name_edit(self.name, cell, node, a, new + rest))
                        else:
                            out.extend(alias_name_edit(self.name, cell, node, a, new + rest + " as " + old.split(".")[0]))
            for node in cell.nodes(ast.Attribute):
                if ctx.names.qual(node) == old and (only is None or only.touches(cell, node)):
                    base = node
                    while isinstance(base, ast.Attribute):
                        base = base.value
                    top = ctx.names.aliases.get(base.id) if isinstance(base, ast.Name) else None
                    if top and new.split(".")[0] == old.split(".")[0] and top == old.split(".")[0]:
                        out.append(E(cell, cell.start(node), cell.end(node), base.id + new[len(top):]))
            if failure is not None:
                for node in cell.nodes(ast.Constant):
                    if node.value == old and failure.touches(cell, node):
                        e = replace_str(self.name, cell, node, new)
                        if e:
                            out.append(e)
        return out

    # name: a module-level function, class or constant renamed or moved.
    def k_name(self, ctx, only, failure):
        old = self.rw["from"]
        new = self.rw.get("to")
        expr = self.rw.get("expr")  # a template instead of a name
        omod, _, olast = old.rpartition(".")
        nmod, _, nlast = (new or "").rpartition(".")
        if new and nmod and nmod != "builtins" and not ctx.env.module_exists(nmod):
            # scipy.stats.chi2.sf: import chi2 from scipy.stats, use chi2.sf.
            while nmod and not ctx.env.module_exists(nmod):
                nmod, _, head = nmod.rpartition(".")
                nlast = head + "." + nlast
        out = []
        renamed = set()  # names bound by `from omod import olast`, now nlast
        for cell in ctx.cells:
            for node in cell.nodes(ast.ImportFrom):
                if node.level or node.module != omod or new is None or nmod == "builtins":
                    continue
                for a in node.names:
                    if a.name != olast:
                        continue
                    if nmod == omod and "." not in nlast:
                        out.extend(alias_name_edit(self.name, cell, node, a, nlast))
                        if not a.asname and nlast != olast:
                            renamed.add(olast)
                    elif len(node.names) == 1 and ("." not in nlast or not a.asname):
                        out.append(Edit(self.name, cell, cell.start(node), cell.end(node),
                                        "from " + nmod + " import " + nlast.split(".")[0] + (" as " + a.asname if a.asname else "")))
                        if not a.asname and nlast != olast:
                            renamed.add(olast)
                    elif "." not in nlast or not a.asname:
                        seg = cell.seg(node)
                        m = re.match(r"from\s+[\w.\s]+?\s+import\s+", seg)
                        body = ", ".join(x.name + (" as " + x.asname if x.asname else "") for x in node.names if x is not a)
                        indent = cell.lines[node.lineno - 1][:node.col_offset]
                        out.append(Edit(self.name, cell, cell.start(node), cell.end(node),
                                        seg[:m.end()] + body + "\n" + indent + "from " + nmod + " import " + nlast.split(".")[0] + (" as " + a.asname if a.asname else "")))
                        if not a.asname and nlast != olast:
                            renamed.add(olast)
        star = omod in ctx.names.star and olast not in ctx.names.aliases and olast not in ctx.names.bound
        for cell in ctx.cells:
            for node in cell.nodes(ast.Name):
                if not isinstance(node.ctx, ast.Load) or (only is not None and not only.touches(cell, node)):
                    continue
                if node.id in renamed:
                    out.append(Edit(self.name, cell, cell.start(node), cell.end(node), nlast))
                elif node.id == olast and star:
                    # `from numpy import *` then float_: the bare name.
                    text = self.render(ctx, cell, None, bare=True)
                    if text:
                        out.append(Edit(self.name, cell, cell.start(node), cell.end(node), text))
            for node in cell.nodes(ast.Attribute):
                if node.attr != olast or (only is not None and not only.touches(cell, node)):
                    continue
                q = ctx.names.qual(node)
                if q != old:
                    # The failure names the module (`module 'numpy' has no
                    # attribute 'float'`) of an unresolved spelling:
                    # pd.np.float, self.np.float, a module in a dict.
                    if not (failure is not None and q is None and failure.touches(cell, node)
                            and re.search(r"module '%s' has no attribute '%s'" % (re.escape(omod), re.escape(olast)), failure.message)):
                        continue
                text = self.render(ctx, cell, node)
                if text is None:
                    continue
                if text.startswith("."):
                    s, e = attr_span(cell, node)
                    out.append(Edit(self.name, cell, s, e, text[1:]))
                else:
                    out.append(Edit(self.name, cell, cell.start(node), cell.end(node), text))
        return out

    def render(self, ctx, cell, node, bare=False):
        """What replaces a use of the old name: '.attr' to rename only the
        attribute (same module), else a whole expression."""
        new, expr = self.rw.get("to"), self.rw.get("expr")
        omod = self.rw["from"].rpartition(".")[0]
        if expr:
            text = ctx.template(cell, expr, {})
            parent = cell.parents.get(node) if node is not None else None
            if text and text.startswith("-") and isinstance(parent, (ast.BinOp, ast.UnaryOp, ast.Attribute, ast.Subscript)):
                text = "(" + text + ")"
            return text
        nmod, _, nlast = new.rpartition(".")
        if nmod == "builtins":
            return nlast
        if bare and nmod == omod:
            return nlast
        if node is not None and nmod == omod:
            return "." + nlast
        return ctx.expr_for(cell, new)

    # method: a method or attribute of objects renamed.
    def k_method(self, ctx, only, failure):
        if not self.requires(ctx):
            return []
        old, new = self.rw["old"], self.rw["new"]
        attribute = self.rw.get("attribute", False)
        kws = self.rw.get("keywords") or {}
        out = []
        for cell, node in self.sites(ctx, only, ast.Attribute):
            if node.attr != old:
                continue
            parent = cell.parents.get(node)
            called = isinstance(parent, ast.Call) and parent.func is node
            if called == attribute:
                continue
            if ctx.names.qual(node.value) is not None and not self.rw.get("on_imported"):
                continue  # a module's function of that name (np.sort), not an object's method
            s, e = attr_span(cell, node)
            out.append(Edit(self.name, cell, s, e, new))
            if called:
                for kw in parent.keywords:
                    if kw.arg in kws:
                        ks, ke = keyword_name_span(cell, kw)
                        out.append(Edit(self.name, cell, ks, ke, kws[kw.arg]))
        return out

    # keyword: a keyword argument renamed (to), or dropped (to: null).
    def k_keyword(self, ctx, only, failure):
        if not self.requires(ctx):
            return []
        old, new = self.rw["from"], self.rw.get("to")
        values = self.rw.get("values") or {}
        harmless = self.rw.get("harmless")  # values whose dropping changes nothing
        out = []
        for cell, call in self.sites(ctx, only):
            if not self.matches_callee(ctx, call):
                continue
            have = {k.arg for k in call.keywords}
            for kw in call.keywords:
                if kw.arg != old:
                    continue
                src = cell.seg(kw.value)
                if new is None:
                    meaning = harmless is not None and src not in harmless
                    e = remove_keyword(self.name, cell, call, kw)
                    e.meaning = meaning
                    out.append(e)
                    continue
                if new != old:
                    if new in have:
                        continue
                    ks, ke = keyword_name_span(cell, kw)
                    out.append(Edit(self.name, cell, ks, ke, new))
                elif src not in values:
                    continue
                if src in values:
                    out.append(Edit(self.name, cell, cell.start(kw.value), cell.end(kw.value), values[src]))
        return out

    # value: an option's value renamed.
    def k_value(self, ctx, only, failure):
        if not self.requires(ctx):
            return []
        key, old, new = self.rw["keyword"], self.rw["from"], self.rw["to"]
        out = []
        for cell, call in self.sites(ctx, only):
            if not self.matches_callee(ctx, call):
                continue
            for kw in call.keywords:
                if kw.arg == key and str_const(kw.value) == old:
                    e = replace_str(self.name, cell, kw.value, new)
                    if e:
                        out.append(e)
            pos = self.rw.get("position")
            if pos is not None and len(call.args) > pos and str_const(call.args[pos]) == old:
                e = replace_str(self.name, cell, call.args[pos], new)
                if e:
                    out.append(e)
        if (self.rw.get("check") or "").startswith("sklearn.") and ctx.names.uses("sklearn"):
            out += self.grid_values(ctx, only, key, old, new)
        return out

    def grid_values(self, ctx, only, key, old, new):
        """A scikit-learn parameter grid ({'loss': ['deviance', ...]}, or
        'clf__loss' for a pipeline step) names the old value too: the
        search fails with "All the N fits failed" on the estimator's
        validation of it."""
        out = []
        for cell, d in self.sites(ctx, only, ast.Dict):
            for k, v in zip(d.keys, d.values):
                ks = str_const(k) if k is not None else None
                if ks is None or not (ks == key or ks.endswith("__" + key)):
                    continue
                for x in (v.elts if isinstance(v, (ast.List, ast.Tuple, ast.Set)) else [v]):
                    if str_const(x) == old:
                        e = replace_str(self.name, cell, x, new)
                        if e:
                            out.append(e)
        return out

    # positional: parameters made keyword-only; the extra positional
    # arguments get their old names.
    def k_positional(self, ctx, only, failure):
        if not self.requires(ctx):
            return []
        rw = self.rw
        keep, names = rw["keep"], rw["names"]
        out = []
        for cell, call in self.sites(ctx, only):
            f = call.func
            if rw.get("from"):
                if ctx.names.qual(f) != rw["from"]:
                    continue
            else:
                if not isinstance(f, ast.Attribute) or f.attr != rw["method"]:
                    continue
                if ctx.names.qual(f.value) is not None:
                    continue
                ra = rw.get("receiver_attr")
                if ra and not (isinstance(f.value, ast.Attribute) and f.value.attr == ra):
                    continue
                if rw.get("receiver") and receiver_class(cell, call, failure) != rw["receiver"]:
                    continue
            if len(call.args) <= keep or len(call.args) > len(names) or any(isinstance(a, ast.Starred) for a in call.args):
                continue
            have = {k.arg for k in call.keywords}
            extra = list(zip(call.args[keep:], names[keep:]))
            if any(n in have for _, n in extra):
                continue
            for a, n in extra:
                s = cell.start(a)
                out.append(Edit(self.name, cell, s, s, n + "="))
        return out

    # call: a call reshaped by a template over its parts.
    def k_call(self, ctx, only, failure):
        if not self.requires(ctx):
            return []
        rw = self.rw
        out = []
        for cell, call in self.sites(ctx, only):
            f = call.func
            tpl = rw["template"]
            if rw.get("from"):
                if ctx.names.qual(f) != rw["from"]:
                    continue
                recv = None
            else:
                if not isinstance(f, ast.Attribute) or f.attr != rw["method"]:
                    continue
                recv = f.value
                if ctx.names.qual(recv) is not None and not rw.get("on_imported"):
                    continue
                if rw.get("pure_receiver") and not pure(recv):
                    # A receiver that may not be spelled twice goes through
                    # a lambda: one template for a groupby, one for the rest.
                    if not rw.get("impure_template"):
                        continue
                    tpl = rw["groupby_template"] if uses_groupby(recv) and rw.get("groupby_template") else rw["impure_template"]
                # A template that puts attributes between the receiver and
                # the method ({recv}.manager.set_window_title) must not
                # apply again to its own result.
                m = re.match(r"\{recv\}((?:\.\w+)+)\." + re.escape(rw["method"]) + r"\(", rw["template"])
                if m and re.sub(r"\s", "", cell.seg(recv)).endswith(m.group(1)):
                    continue
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                continue
            n = rw.get("nargs")
            if n is not None and len(call.args) not in (n if isinstance(n, list) else [n]):
                continue
            allowed = rw.get("keywords")
            if allowed is not None and any(k.arg not in allowed for k in call.keywords):
                continue
            kwmap = {k.arg: k for k in call.keywords}
            when = rw.get("when_kw") or {}
            if any(k not in kwmap or (v != "*" and cell.seg(kwmap[k].value) != v) for k, v in when.items()):
                continue
            if len(call.keywords) < rw.get("min_keywords", 0):
                continue
            stmt = cell.parents.get(call)
            if rw.get("statement") and not isinstance(stmt, ast.Expr):
                continue
            parts = {"recv": atom(cell, recv) if recv is not None else "",
                     "func": cell.seg(f)}
            for i, a in enumerate(call.args):
                parts[str(i)] = cell.seg(a)
                parts[str(i) + "!p"] = atom(cell, a)
            items = call_arg_nodes(call)
            parts["args"] = ", ".join(cell.seg(x) for x in items)
            parts["rest"] = ", ".join(cell.seg(x) for x in items if x is not (call.args[0] if call.args else None))
            for k in call.keywords:
                parts["kw:" + k.arg] = cell.seg(k.value)
                if str_const(k.value) is not None:
                    parts["kwstr:" + k.arg] = str_const(k.value)
                parts["args-" + k.arg] = ", ".join(cell.seg(x) for x in items if x is not k)
            parts["kwargs"] = ", ".join(cell.seg(k) for k in call.keywords)
            text = ctx.template(cell, tpl, parts)
            if text is None:
                continue
            node = stmt if rw.get("statement") else call
            e = Edit(self.name, cell, cell.start(node), cell.end(node), text)
            # harmless_args: first arguments with which the rewrite changes
            # nothing (hold(True)); any other use is flagged.
            if "harmless_args" in rw:
                e.meaning = bool(call.args) and cell.seg(call.args[0]) not in rw["harmless_args"]
            out.append(e)
        return out


TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")

# Packages whose submodules are reachable as attributes once the package is
# imported (eagerly or lazily): pd.plotting, np.linalg, scipy.special.
EAGER_PACKAGES = ("pandas", "numpy", "scipy")


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def clash(a, b):
    """Whether two edits of one cell cannot both apply unambiguously."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def apply(cells, edits):
    """Applies the edits, the first of two clashing ones winning (the other
    is made again on the next call if still needed); returns the new sources
    and the edits applied, per cell."""
    seen, kept = set(), {}
    for e in edits:
        if e.key() in seen:
            continue
        seen.add(e.key())
        lst = kept.setdefault(e.cell.idx, [])
        if not any(clash(e, o) for o in lst):
            lst.append(e)
    out = [c.source for c in cells]
    for idx, lst in kept.items():
        src = cells[idx].source
        # From the end, so earlier offsets stay valid; an insertion at the
        # start of a replaced span lands before the replacement.
        for e in sorted(lst, key=lambda e: (e.start, e.end), reverse=True):
            src = src[:e.start] + e.text + src[e.end:]
        out[idx] = src
    return out, {k: v for k, v in kept.items() if v}


def lines_of(cell, e):
    first = cell.line_of(e.start)
    last = cell.line_of(e.end - 1) if e.end > e.start else first
    return first, last


def report(cell, edits):
    """One entry per rule and run of lines it touched: the original lines
    and the same lines after that rule's edits."""
    groups = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        first, last = lines_of(cell, e)
        for g in groups:
            if g["rule"] == e.rule and first <= g["last"] and last >= g["first"]:
                g["first"], g["last"] = min(first, g["first"]), max(last, g["last"])
                g["edits"].append(e)
                break
        else:
            groups.append({"rule": e.rule, "first": first, "last": last, "edits": [e]})
    out = []
    for g in groups:
        a = cell.starts[g["first"] - 1]
        b = cell.starts[g["last"]] - 1 if g["last"] < len(cell.starts) else len(cell.source)
        after = cell.source[a:b]
        for e in sorted(g["edits"], key=lambda e: (e.start, e.end), reverse=True):
            after = after[:e.start - a] + e.text + after[e.end - a:]
        out.append({"rule": g["rule"], "cell": cell.idx, "line": g["first"], "before": cell.source[a:b], "after": after,
                    "meaning": any(e.meaning for e in g["edits"])})
    return out


class CustomRule(object):
    """A catalog entry implemented by a @rule function of this file."""

    def __init__(self, rule, entry):
        self.rule, self.entry = rule, entry
        self.name = entry["id"]
        self.meaning = bool(entry.get("meaning"))
        self.family = entry.get("family") or ""
        self.trigger = list(rule.trigger) + ([entry["message"]] if entry.get("message") else [])

    def triggered(self, failure):
        return failure is not None and any(re.search(p, failure.text) for p in self.trigger)

    def edits(self, ctx, failure):
        out = self.rule.fn(ctx, failure if self.triggered(failure) else None) or []
        for e in out:
            if e.rule == self.rule.name:
                e.rule = self.name
        return out


def build_rules(catalog):
    """The catalog's entries, in order, as rules; without a catalog (the
    rewriter run by hand) every @rule under its own name."""
    if not catalog:
        return [CustomRule(r, {"id": r.name}) for r in RULES]
    by_name = {r.name: r for r in RULES}
    out = []
    for e in catalog:
        rw = e.get("rewrite") or {}
        if rw.get("kind") == "custom":
            if rw.get("rule") not in by_name:
                raise ValueError("catalog entry %s names rule %r, which rewrite.py does not have" % (e["id"], rw.get("rule")))
            out.append(CustomRule(by_name[rw["rule"]], e))
        else:
            out.append(Generic(e))
    return out


def run(inp, env=None, rules=None):
    srcs = inp.get("cells") or []
    cells = [Cell(i, s) for i, s in enumerate(srcs)]
    ctx = Ctx(cells, env or Env())
    failure = Failure(inp["failure"], cells) if inp.get("failure") else None
    rules = rules if rules is not None else build_rules(inp.get("catalog"))
    only = set(inp.get("only") or [])
    if only:
        rules = [r for r in rules if r.name in only]
    meaning = {r.name: r.meaning for r in rules}
    data_rules = {r.name for r in rules if r.family == "missing-data"}
    warns = []
    edits = []
    # The failure first: the rules its message or traceback name.
    if failure is not None:
        for r in rules:
            if r.triggered(failure):
                edits.extend(call_rule(r, ctx, failure, warns))
    # Then everything the environment proves gone, anywhere in the notebook.
    for r in rules:
        edits.extend(call_rule(r, ctx, None, warns))
    # Imports the rewrites need, one insertion per cell.
    for idx, lines in ctx.imports.items():
        cell = cells[idx]
        users = [e.rule for e in edits if e.cell is cell]
        if users:
            at = insertion_point(cell)
            edits.append(Edit(users[0], cell, at, at, "\n".join(lines) + "\n"))
    new, kept = apply(cells, edits)
    # A rewrite that no longer parses is dropped, whole cell at once.
    for idx in list(kept):
        m = mask(new[idx])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(m if m is not None else "")
        except SyntaxError as e:
            warns.append("cell %d: rewrite by %s does not parse (%s); left as it was" % (
                idx, ",".join(sorted({x.rule for x in kept[idx]})), e.msg))
            new[idx] = srcs[idx]
            del kept[idx]
    edits = []
    for idx in sorted(kept):
        for g in report(cells[idx], kept[idx]):
            g["meaning"] = g["meaning"] or meaning.get(g["rule"], False)
            edits.append(g)
    unr = unrestorable(new, ctx.env)
    if not any(e["rule"] in data_rules for e in edits):  # a missing-data fallback rewrote around it
        unr += missing_data(failure)
    return {"cells": new, "edits": edits, "warnings": warns, "unrestorable": unr}


def missing_data(failure):
    """Data the environment lacks that no rule rewrote around: an NLTK
    corpus or model (Kaggle's image carries them; Debian packages none; a
    spec's nltk_data: bakes them in)."""
    if failure is None or failure.type != "LookupError":
        return []
    m = re.search(r"Resource\s+(?:\x1b\[[0-9;]*m)?([\w./-]+?)(?:\x1b\[[0-9;]*m)?\s+not found", failure.message)
    return ["nltk_data/" + m.group(1)] if m else []


GUARDS = ("ImportError", "ModuleNotFoundError", "Exception", "BaseException")


def unrestorable(sources, env):
    """Top-level modules the notebook imports outside a try/except
    ImportError that this environment cannot find (nor the notebook
    write: a %%writefile cell)."""
    cells = [Cell(i, s) for i, s in enumerate(sources)]
    written = set()
    for c in cells:
        m = re.match(r"\s*%%writefile\s+(?:-a\s+)?(\S+)\.py\b", c.source)
        if m:
            written.add(m.group(1).split("/")[-1])
    out = set()
    for c in cells:
        for node in c.nodes((ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.ImportFrom) and (node.level or not node.module):
                continue
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            if guarded(c, node):
                continue
            for n in names:
                top = n.split(".")[0]
                if top in written or top in out:
                    continue
                if not env.findable(top):
                    out.add(top)
    return sorted(out)


def guarded(cell, node):
    child, p = node, cell.parents.get(node)
    while p is not None:
        if isinstance(p, ast.Try) and child in p.body:
            for h in p.handlers:
                if h.type is None:
                    return True
                types = h.type.elts if isinstance(h.type, ast.Tuple) else [h.type]
                if any(getattr(t, "id", getattr(t, "attr", "")) in GUARDS for t in types):
                    return True
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return True  # runs only if called
        child, p = p, cell.parents.get(p)
    return False


def call_rule(r, ctx, failure, warns):
    try:
        return r.edits(ctx, failure) or []
    except Exception as e:  # one broken rule must not stop the others
        warns.append("rule %s: %s: %s" % (r.name, type(e).__name__, e))
        return []


# What a warm rewriter imports up front: the libraries the catalog's
# rules ask about (absent ones are skipped).
WARM_MODULES = ["numpy", "pandas", "scipy", "scipy.stats", "sklearn", "sklearn.base", "sklearn.model_selection",
                "sklearn.ensemble", "sklearn.linear_model", "sklearn.preprocessing", "sklearn.metrics",
                "matplotlib", "matplotlib.pyplot", "seaborn", "xgboost", "statsmodels.api", "imblearn",
                "plotly", "nltk"]


def serve(inp):
    """One request on a warm rewriter: run() with its rules and environment."""
    env, rules = WARM
    emit(run(inp, env, rules))


def emit(out):
    """The answer between marks. Every "@" is escaped (JSON allows it only
    inside strings), so a notebook that spells the mark cannot end the
    answer early."""
    sys.stdout.write(MARK + json.dumps(out).replace("@", "\\u0040") + MARK + "\n")
    sys.stdout.flush()


def main():
    if sys.version_info < (3, 8):
        raise RuntimeError("the rules rewriter needs Python 3.8+ (ast end positions); this environment has %d.%d" % sys.version_info[:2])
    g = globals()
    inp = g.get("INPUT")
    if inp is None:
        inp = json.load(sys.stdin)
    if inp.get("warm"):
        # A warm rewriter (erosion's agents/rules/warm.go): the rules built
        # and the libraries they inspect imported once, here; serve()
        # answers each request in a fork of this process.
        g["WARM"] = (Env(), build_rules(inp.get("catalog")))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name in WARM_MODULES:
                try:
                    __import__(name)
                except Exception:
                    pass
        return
    if inp.get("list"):
        out = {"rules": [{"name": r.name, "doc": r.doc} for r in RULES]}
    elif "batch" in inp:
        # Many notebooks in one process (the catalog's tests): one
        # environment cache, one set of rules.
        env, rules = Env(), build_rules(inp.get("catalog"))
        out = {"batch": [run(x, env, rules) for x in inp["batch"]]}
    else:
        out = run(inp)
    emit(out)


main()
