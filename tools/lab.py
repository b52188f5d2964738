"""The learner's copy of the course, and JupyterLab on it (`make lab`, `make reset`).

    python tools/lab.py JUPYTER lab [ARGS...]   bring the copy up to date, check the machine,
                                                then run JupyterLab on the copy
    python tools/lab.py --sync                  only bring the copy up to date
    python tools/lab.py --reset NOTEBOOK        give one notebook back its course version

The course's own notebooks (notebooks/) are what `make test` checks, so learners never work in
them. Each `make lab` syncs notebooks/ into a working folder, my-notebooks/ (git ignores it;
D2L_WORK_DIR moves it), the way nbgitpuller does on a JupyterHub:

- a file the course has and the copy lacks is copied (also one the learner deleted: deleting
  a notebook is a way to get it back fresh);
- a file the learner has not changed since it was copied follows the course's new version;
- a file the learner changed is kept as it is (for a notebook, "changed" means a cell was
  edited, added or removed: a notebook only opened or run follows the course, its outputs
  replaced by the course's);
- a file the course dropped goes too, unless the learner changed it.

What was copied last is remembered in my-notebooks/.course-sync.json (a hash per file), which
is how "the learner changed it" is told apart from "the course changed it". Everything beside
the notebooks (rise.css, subfolders such as a translated edition) is synced the same way.

JupyterLab then serves my-notebooks/ with the course's settings (lab-settings/overrides.json:
no news pop-up, slideshows that start at the first slide and scroll) and opens notebook 01.

The edition: `make lab LANG=zh` (or COURSE_LANG=zh) opens the Chinese edition, zh/01-...ipynb,
with JupyterLab's menus in Chinese (lab-settings/zh/overrides.json, the same settings with the
interface locale zh_CN); `LANG=en` the English one. Without either, the shell's locale decides:
LANG=zh_CN.UTF-8 (any zh_* locale) opens the Chinese edition, any other the English one. A bare
`zh` or `en` is the course's spelling, not a locale, so JupyterLab and its kernels run without it.
These are defaults, not the learner's settings: a language chosen in JupyterLab's Settings menu
is kept, and wins.
"""

import datetime
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "notebooks"
SETTINGS = ROOT / "lab-settings"
MANIFEST = ".course-sync.json"
FIRST = "01-linear-regression.ipynb"
# The course's editions: the folder of their notebooks in notebooks/, and JupyterLab's settings
# for them (the interface language among them).
EDITIONS = {"en": ("", SETTINGS), "zh": ("zh", SETTINGS / "zh")}
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__"}


def work_dir():
    return Path(os.environ.get("D2L_WORK_DIR") or ROOT / "my-notebooks").expanduser().resolve()


# ---------------------------------------------------------------------------- the working copy

def digest(path):
    """What counts as the learner's work in a file. For a notebook: its cells' types and sources,
    so opening or running one (new outputs, execution counts, kernel metadata) is not an edit;
    for any other file (or a notebook that is not valid JSON): every byte."""
    data = Path(path).read_bytes()
    if str(path).endswith(".ipynb"):
        try:
            cells = [[c.get("cell_type"), "".join(c.get("source", ""))] for c in json.loads(data)["cells"]]
            return "cells:" + hashlib.sha256(json.dumps(cells).encode()).hexdigest()
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
    return hashlib.sha256(data).hexdigest()


def course_files(course=COURSE):
    """Relative paths (POSIX strings) of every file the course ships in notebooks/."""
    found = []
    for folder, dirs, files in os.walk(course):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                found.append((Path(folder) / name).relative_to(course).as_posix())
    return found


def _copy(src, dest):
    """Copy src over dest in one step, so an interrupted sync never leaves half a notebook."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".sync-")
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _read_manifest(work):
    path = work / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
        assert isinstance(data, dict)
        return data
    except (ValueError, AssertionError):
        # A damaged record only means every differing file counts as the learner's: nothing is lost.
        print(f"note: {path} was unreadable and is rebuilt; files that differ from the course are kept")
        return {}


def _write_manifest(work, manifest):
    path = work / MANIFEST
    fd, tmp = tempfile.mkstemp(dir=work, prefix=".sync-")
    with os.fdopen(fd, "w") as out:
        json.dump(manifest, out, indent=1, sort_keys=True)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def sync(course=COURSE, work=None):
    """Bring the working copy up to date with the course; returns what happened, by kind."""
    work = Path(work or work_dir())
    work.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(work)
    report = {"new": [], "updated": [], "kept": [], "removed": []}
    wanted = course_files(course)
    for rel in wanted:
        src, dest = course / rel, work / rel
        new = digest(src)
        if not dest.exists():
            _copy(src, dest)
            report["new"].append(rel)
        else:
            have = digest(dest)
            if have == new:
                pass
            elif manifest.get(rel) == have:     # untouched since copied: follow the course
                _copy(src, dest)
                report["updated"].append(rel)
            else:                               # the learner's version: keep it
                report["kept"].append(rel)
                continue                        # remember the version it was made from
        manifest[rel] = new
    for rel in sorted(set(manifest) - set(wanted)):
        dest = work / rel
        if dest.exists() and digest(dest) == manifest[rel]:
            dest.unlink()
            report["removed"].append(rel)
        del manifest[rel]
    _write_manifest(work, manifest)
    return report


def summary(report, work, first=False):
    """One line for the learner: where the copy is and what this sync did to it."""
    try:
        where = work.relative_to(Path.cwd())
    except ValueError:
        where = work
    parts = []
    for kind, label in (("new", "new"), ("updated", "updated"), ("kept", "kept with your changes"),
                        ("removed", "removed from the course")):
        names = report[kind]
        if names:
            shown = ", ".join(Path(n).name for n in names[:4]) + (", ..." if len(names) > 4 else "")
            parts.append(f"{len(names)} {label} ({shown})")
    if report["new"] and not any(report[k] for k in ("updated", "kept", "removed")) and first:
        return (f"Made your copy of the course in {where}/ ({len(report['new'])} files): work there; "
                "notebooks/ stays as the course ships it.")
    if not parts:
        return f"Your copy of the course, {where}/, is up to date."
    line = f"Your copy of the course, {where}/: " + "; ".join(parts) + "."
    if report["kept"]:
        line += " To start a notebook afresh: make reset NB=<its number>."
    return line


def find_notebook(name, course=COURSE):
    """The course notebook a learner means by `06`, `06-softmax-...ipynb`, `notebooks/06-...`
    or `my-notebooks/06-...` (`zh/06` for one in a subfolder)."""
    name = name.strip().removeprefix("./")
    for prefix in ("notebooks/", "my-notebooks/", f"{work_dir().name}/"):
        name = name.removeprefix(prefix)
    notebooks = [f for f in course_files(course) if f.endswith(".ipynb")]
    matches = [f for f in notebooks if f == name] or [f for f in notebooks if f.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    numbers = ", ".join(f.split("-")[0] for f in notebooks if "/" not in f)
    if not matches:
        raise SystemExit(f"make reset: no course notebook is called '{name}'. "
                         f"Name one by its number, e.g. make reset NB=06 (the course has {numbers}).")
    raise SystemExit(f"make reset: '{name}' could mean {', '.join(matches)}; give more of the name.")


def reset(name, course=COURSE, work=None):
    """Put the course's version of one notebook back; the learner's version is set aside, not lost."""
    work = Path(work or work_dir())
    rel = find_notebook(name, course)
    dest = work / rel
    kept = None
    if dest.exists() and digest(dest) != digest(course / rel):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = dest.with_name(f"{dest.stem}.mine-{stamp}{dest.suffix}")
        dest.rename(kept)
    _copy(course / rel, dest)
    manifest = _read_manifest(work) if work.exists() else {}
    manifest[rel] = digest(course / rel)
    _write_manifest(work, manifest)
    if kept:
        return f"{rel} is back to the course's version; yours is kept as {kept.name} beside it."
    return f"{rel} already was the course's version."


# ------------------------------------------------------------------------- checks before start

def writable_places():
    """(variable, folder) for every place JupyterLab, IPython, matplotlib and the course write to."""
    from jupyter_core.paths import jupyter_config_dir, jupyter_data_dir, jupyter_runtime_dir

    home = Path.home()
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    config = Path(jupyter_config_dir())
    return [
        ("JUPYTER_CONFIG_DIR", config),
        ("JUPYTER_DATA_DIR", Path(jupyter_data_dir())),
        ("JUPYTER_RUNTIME_DIR", Path(jupyter_runtime_dir())),
        ("JUPYTERLAB_SETTINGS_DIR", Path(os.environ.get("JUPYTERLAB_SETTINGS_DIR") or config / "lab" / "user-settings")),
        ("JUPYTERLAB_WORKSPACES_DIR", Path(os.environ.get("JUPYTERLAB_WORKSPACES_DIR") or config / "lab" / "workspaces")),
        ("IPYTHONDIR", Path(os.environ.get("IPYTHONDIR") or home / ".ipython")),
        ("MPLCONFIGDIR", Path(os.environ.get("MPLCONFIGDIR") or config_home / "matplotlib")),
        ("XDG_CACHE_HOME", cache_home),
    ]


def can_write(folder):
    """Whether `folder` exists and takes a new file, or could be created; the error if not."""
    folder = Path(folder)
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is not a folder"
    try:
        fd, name = tempfile.mkstemp(dir=probe, prefix=".write-test-")
        os.close(fd)
        os.unlink(name)
    except OSError as err:
        return err.strerror or str(err)
    return None


def unwritable(places=None):
    return [(var, path, why) for var, path in (places or writable_places())
            if (why := can_write(path))]


def unwritable_message(problems):
    lines = ["make lab: JupyterLab needs to write its settings and state, and these folders cannot be written:"]
    lines += [f"  {path}  ({why}; set {var} to move it)" for var, path, why in problems]
    lines += ["Point the variables at a writable folder and run make lab again, e.g.:",
              '  STATE="${TMPDIR:-/tmp}/$(id -un)-course"',
              '  export JUPYTER_CONFIG_DIR="$STATE/jupyter" JUPYTER_DATA_DIR="$STATE/jupyter-data"'
              ' JUPYTER_RUNTIME_DIR="$STATE/jupyter-runtime"',
              '  export IPYTHONDIR="$STATE/ipython" MPLCONFIGDIR="$STATE/matplotlib" XDG_CACHE_HOME="$STATE/cache"',
              "(JUPYTERLAB_SETTINGS_DIR and JUPYTERLAB_WORKSPACES_DIR follow JUPYTER_CONFIG_DIR.)"]
    return "\n".join(lines)


ROOT_NOTE = ("Running as root: JupyterLab is started with --allow-root, which it needs to run as root "
             "at all. That is usual in a container or WSL; on a shared machine use an ordinary account.")


def _language(value):
    """The language part of a locale or an edition: zh_CN.UTF-8, zh-CN and zh all give zh."""
    return value.split(".")[0].replace("-", "_").split("_")[0].lower()


def _is_locale(value):
    return "_" in value or "." in value or value in ("C", "POSIX")


def edition(env=None):
    """The edition to open, ``"en"`` or ``"zh"``, from COURSE_LANG or else LANG (see above)."""
    env = os.environ if env is None else env
    for var in ("COURSE_LANG", "LANG"):
        value = (env.get(var) or "").strip()
        if not value:
            continue
        if _language(value) in EDITIONS:
            return _language(value)
        if var == "LANG" and _is_locale(value):
            return "en"                 # a locale of another language
        raise SystemExit(f"make lab: {var}={value} is not one of the course's editions: "
                         "make lab LANG=zh opens the Chinese edition (中文), LANG=en the English one.")
    return "en"


def first_notebook(work, lang):
    """The notebook JupyterLab opens first (relative to the copy), and a note if it is not the
    edition's own (a translation that is not in the course yet)."""
    folder = EDITIONS[lang][0]
    first = f"{folder}/{FIRST}" if folder else FIRST
    if (Path(work) / first).exists():
        return first, None
    return FIRST, (f"The Chinese edition is not in this copy of the course yet (no {first}): notebook "
                   f"01 opens in English, with JupyterLab's menus in Chinese.\n"
                   f"中文版的笔记本尚未收入本课程（缺少 {first}）：先打开英文版的 01，JupyterLab 界面为中文。")


def lab_env(env=None):
    """The environment JupyterLab runs in: LANG=zh or LANG=en, make's spelling of the edition,
    is no locale, so it is left out (Python then falls back to a UTF-8 locale of its own)."""
    env = dict(os.environ if env is None else env)
    lang = (env.get("LANG") or "").strip()
    if lang and not _is_locale(lang) and _language(lang) in EDITIONS:
        del env["LANG"]
    return env


def lab_args(work, lang="en"):
    """The options that point JupyterLab at the working copy and the course's settings."""
    first, _ = first_notebook(work, lang)
    return [f"--ServerApp.root_dir={work}",
            f"--LabApp.app_settings_dir={EDITIONS[lang][1]}",
            f"--LabApp.default_url=/lab/tree/{first}"]


def launch(command):
    lang = edition()
    work = work_dir()
    problems = unwritable()
    if can_write(work):
        problems.append(("D2L_WORK_DIR", work, can_write(work)))
    if problems:
        print(unwritable_message(problems), file=sys.stderr)
        return 1
    first = not (work / MANIFEST).exists()
    print(summary(sync(work=work), work, first))
    args = command + lab_args(work, lang)
    if lang != "en":
        opened, note = first_notebook(work, lang)
        print(note or f"中文版：打开 {opened}，JupyterLab 界面为中文（英文版：make lab LANG=en）。")
    if os.geteuid() == 0:
        print(ROOT_NOTE)
        if "--allow-root" not in args:
            args.append("--allow-root")
    sys.stdout.flush()
    os.execve(args[0], args, lab_env())


def main(argv):
    if argv[:1] == ["--sync"]:
        work = work_dir()
        first = not (work / MANIFEST).exists()
        print(summary(sync(work=work), work, first))
        return 0
    if argv[:1] == ["--reset"]:
        if len(argv) != 2 or not argv[1].strip():
            raise SystemExit("make reset: name one notebook, e.g. make reset NB=06")
        print(reset(argv[1]))
        return 0
    if not argv or argv[0].startswith("-"):
        raise SystemExit(__doc__)
    return launch(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
