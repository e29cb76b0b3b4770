"""How to cite the dataset, in every form, from schemas/package.yaml alone: the
recommended citation (README, site), CITATION.cff, CITATION.bib and .zenodo.json (the
archive service's metadata, so that minting a DOI is one upload; all written by the build
beside datapackage.json) and the release archive's name. A DOI is shown once
schemas/package.yaml has one (`doi`), never before.

Between two releases the version carries a `-dev` mark ("0.3.0-dev"): the package is not a
release, and every citation says so and names the latest release to cite instead; it is
dated by `created`, never by a release date it does not have.
"""

from __future__ import annotations

import json
import re

import yaml

from scripts.schema.registry import DEV, package_meta

AUTHOR_NOTE = ("and cite the original article for any figure you use: each row's source_id leads to its "
               "title, publisher and date in data/sources.csv")


def is_release() -> bool:
    """The version is a release, not the package between two (`-dev`)."""
    return not str(package_meta()["version"]).endswith(DEV)


def released() -> str:
    """The release date of this version, YYYY-MM-DD (`created` in schemas/package.yaml); of a
    `-dev` version, the date it was started."""
    return str(package_meta()["created"])[:10]


def latest_release() -> dict | None:
    """The last release listed in schemas/package.yaml ({version, date, commit}), if any."""
    listed = package_meta().get("releases") or []
    return listed[-1] if isinstance(listed, list) and listed and isinstance(listed[-1], dict) else None


def instead() -> str:
    """Of a `-dev` version, the release to cite instead, as words to add to its citation."""
    latest = latest_release()
    return f"; cite release {latest['version']} of {latest['date']} instead" if latest and not is_release() else ""


def status() -> str:
    """One line on what this version is: a release and its date, or not a release."""
    m = package_meta()
    if is_release():
        return f"Release {m['version']}, released {released()}."
    latest = latest_release()
    cite = f" Cite a release instead: the latest is {latest['version']}, released {latest['date']}." if latest else ""
    return f"Version {m['version']}: not a release, the data as they stand since the last one.{cite}"


def authors() -> list[str]:
    return [c["title"] for c in package_meta().get("contributors", [])]


def archive_name() -> str:
    return f"{package_meta()['name']}-{package_meta()['version']}.zip"


def doi() -> str | None:
    """This version's DOI, when an archive service has minted one (schemas/package.yaml)."""
    value = package_meta().get("doi")
    return str(value) if value else None


def recommended(release: dict | None = None) -> str:
    """The citation as a reader copies it: of this version, or of a listed `release`
    ({version, date}: the README cites the latest release)."""
    m = package_meta()
    if release is None and not is_release():
        return (f"{'; '.join(authors())} ({released()[:4]}). {m['title']}, version {m['version']} [data set], "
                f"not a release (a build between releases){instead()}.")
    version, date = (release["version"], release["date"]) if release else (m["version"], released())
    link = f"https://doi.org/{doi()}" if doi() and version == m["version"] else \
        f"Release archive {m['name']}-{version}.zip."
    return f"{'; '.join(authors())} ({date[:4]}). {m['title']}, version {version} [data set], released {date}. {link}"


def as_archived(name: str, content: bytes) -> bytes:
    """A project file as an archive of this version holds it: the README cites the latest
    release, and an archive of a `-dev` version cites the version it holds, as no release."""
    latest = latest_release()
    if name != "README.md" or is_release() or not latest:
        return content
    text = content.decode("utf-8").replace("Cite this release as:", "This archive holds no release, but a build "
                                           "between releases; it is cited as:")
    return text.replace(recommended(latest), recommended()).encode("utf-8")


def cff() -> str:
    m = package_meta()
    body = {
        "cff-version": "1.2.0",
        "message": f"If you use this dataset, please cite it as below, {AUTHOR_NOTE}" + (
            f". This version is not a release{instead()}." if not is_release() else "."),
        "type": "dataset",
        "title": m["title"],
        "version": str(m["version"]),
        **({"date-released": released()} if is_release() else {}),
        "abstract": " ".join(m["description"].split()),
        "authors": [{"name": name} for name in authors()],
        **({"doi": doi()} if doi() else {}),
        "identifiers": [{"type": "other", "value": m["id"], "description": "The package's id in datapackage.json"}]
        + ([{"type": "doi", "value": doi(), "description": "This version's DOI"}] if doi() else []),
        "keywords": list(m.get("keywords", [])),
        "license": m["licenses"][0]["name"],
    }
    header = "# Generated by `make build` from schemas/package.yaml: do not edit by hand.\n"
    return header + yaml.dump(body, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)


def _bib(text: str) -> str:
    """A BibTeX field value: braces and TeX's special characters escaped."""
    text = re.sub(r"([\\{}])", r"\\\1", text)
    return re.sub(r"([&%$#_^~])", r"\\\1", text)


def bibtex() -> str:
    m = package_meta()
    key = re.sub(r"[^a-z0-9]+", "_", f"{m['name']} {m['version']}".lower())
    fields = {
        "author": "{" + " and ".join("{" + _bib(name) + "}" for name in authors()) + "}",
        "title": "{" + _bib(m["title"]) + "}",
        "year": "{" + released()[:4] + "}",
        "version": "{" + _bib(str(m["version"])) + "}",
        "note": "{" + _bib(f"Data set, released {released()}; release archive {archive_name()}" if is_release()
                           else f"Data set, not a release (a build between releases){instead()}") + "}",
        **({"doi": "{" + _bib(doi()) + "}"} if doi() else {}),
    }
    lines = [f"@misc{{{key},"] + [f"  {name} = {value}," for name, value in fields.items()] + ["}"]
    return "\n".join(lines) + "\n"


def zenodo() -> str:
    """.zenodo.json: the deposit's metadata as Zenodo reads it from an upload (legacy deposit
    format), so that depositing the release archive mints this version's DOI."""
    m = package_meta()
    body = {
        "upload_type": "dataset",
        "title": f"{m['title']} {m['version']}",
        "version": str(m["version"]),
        "publication_date": released(),
        "description": " ".join(m["description"].split()),
        "creators": [{"name": name} for name in authors()],
        "license": str(m["licenses"][0]["name"]).lower(),
        "keywords": list(m.get("keywords", [])),
        "notes": (f"Release archive {archive_name()}. Please {AUTHOR_NOTE.removeprefix('and ')}." if is_release() else
                  f"This version is not a release: deposit only a release (drop the -dev mark from `version`)"
                  f"{instead()}."),
        **({"doi": doi()} if doi() else {}),
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
