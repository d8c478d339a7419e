"""The typed schema of ``pindai.toml`` (pydantic): types, ranges, choices, and errors people can act on.

:mod:`pindai.config` keeps the settings objects and their defaults; this module only
checks a parsed file against the schema and says, for a wrong value, the file, the
table, the key, the value and what is allowed. It is imported when a settings file
is read (pydantic costs a tenth of a second to load, and ``pindai --help`` or
``pindai search`` need none of it).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from pindai.config import DEFAULT_RETENTION, ColourMode, DeviceKind, PrepStep, SplitMode
from pindai.errors import ConfigError


def _one_item(value: Any) -> Any:
    """A plain string where a list is expected is a list of one: ``languages = "ind"`` is ``["ind"]``."""
    return [value] if isinstance(value, str) else value


def _yes_no(value: Any) -> Any:
    """``polling = true`` means "yes", as a person writing TOML would expect."""
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value


class Polling(StrEnum):
    auto = "auto"
    yes = "yes"
    no = "no"


#: What each key allows, in Indonesian and English: the error shows it.
def _ints(lo: int, hi: int | None = None) -> str:
    if hi is None:
        return f"bilangan bulat, paling kecil {lo} / a whole number, at least {lo}"
    return f"bilangan bulat {lo}-{hi} / a whole number from {lo} to {hi}"


def _numbers(lo: float, hi: float | None = None, *, above: bool = False) -> str:
    if hi is not None:
        return f"angka {lo}-{hi} / a number from {lo} to {hi}"
    if above:
        return f"angka lebih dari {lo} / a number above {lo}"
    return f"angka, paling kecil {lo} / a number, at least {lo}"


def _choice(enum: type[StrEnum]) -> str:
    values = ", ".join(f'"{m.value}"' for m in enum)
    return f"salah satu dari / one of {values}"


def _list_of(enum: type[StrEnum]) -> str:
    values = ", ".join(f'"{m.value}"' for m in enum)
    return f"daftar berisi / a list of {values}"


_TEXT = "teks / text"
_BOOL = "true atau false / true or false"
_LANGS = ('daftar kode bahasa Tesseract, mis. ["ind", "eng"] / a list of Tesseract language codes, '
          'e.g. ["ind", "eng"]')

StrictInt = Annotated[int, Field(strict=True)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Text = Annotated[str, Field(strict=True)]
Language = Annotated[str, Field(strict=True, pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]


class _Table(BaseModel):
    # Keys absent from the file keep the defaults of pindai.config's dataclasses
    # (one place for defaults): only the keys given are handed on.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class HomeTable(_Table):
    group: Text | None = Field(None, description=_TEXT)


class OcrTable(_Table):
    jobs: StrictInt | None = Field(None, ge=1, le=256, description=_ints(1, 256))
    page_timeout: Number | None = Field(None, gt=0, description=_numbers(0, above=True))
    low_confidence: Number | None = Field(None, ge=0, le=100, description=_numbers(0, 100))
    jpeg_quality: StrictInt | None = Field(None, ge=1, le=100, description=_ints(1, 100))


class LimitsTable(_Table):
    max_file_mb: StrictInt | None = Field(None, ge=1, description=_ints(1))
    max_pages: StrictInt | None = Field(None, ge=1, description=_ints(1))
    max_megapixels: Number | None = Field(None, gt=0, description=_numbers(0, above=True))
    max_prepare_seconds: Number | None = Field(None, gt=0, description=_numbers(0, above=True))


class ProfileTable(_Table):
    preset: Text | None = Field(None, description="")  # checked before, against PRESETS
    kind: DeviceKind | None = Field(None, description=_choice(DeviceKind))
    dpi: StrictInt | None = Field(None, ge=50, le=2400, description=_ints(50, 2400))
    prep: Annotated[list[PrepStep], BeforeValidator(_one_item)] | None = Field(
        None, description=_list_of(PrepStep))
    languages: Annotated[list[Language], BeforeValidator(_one_item)] | None = Field(
        None, min_length=1, description=_LANGS)
    unit: Text | None = Field(None, min_length=1, description="teks, tidak kosong / text, not empty")
    official: Text | None = Field(None, description=_TEXT)
    folder: Text | None = Field(None, description="path folder sebagai teks / a folder path as text")
    colour: ColourMode | None = Field(None, description=_choice(ColourMode))
    settle_seconds: Number | None = Field(None, gt=0, le=3600, description=_numbers(0, 3600))
    polling: Annotated[Polling, BeforeValidator(_yes_no)] | None = Field(None, description=_choice(Polling))
    poll_interval: Number | None = Field(None, gt=0, le=3600, description=_numbers(0, 3600))
    split: SplitMode | None = Field(None, description=_choice(SplitMode))
    drop_blank_backs: Annotated[bool, Field(strict=True)] | None = Field(None, description=_BOOL)


_KINDS = ", ".join(DEFAULT_RETENTION)


class RegistersTable(_Table):
    office: Text | None = Field(None, min_length=1, description="teks, tidak kosong / text, not empty")
    form: Text | None = Field(None, description=_TEXT)
    review_months: StrictInt | None = Field(None, ge=1, le=600, description=_ints(1, 600))
    retention: dict[str, Text] | None = Field(
        None, description=f"tabel jenis arsip = teks / a table of record kind = text; kinds: {_KINDS}")


class CatalogTable(_Table):
    # Empty or absent: the home's catalog.sqlite3 (the single office's default).
    url: Annotated[str, Field(strict=True, pattern=r"^(postgresql|postgres)://.+|^$")] | None = Field(
        None, description="URL PostgreSQL, mis. / a PostgreSQL URL, e.g. postgresql://pindai@db.kpu.local/pindai")


class ClusterTable(_Table):
    # Empty or absent: no cluster, everything runs in the pindai process (the default).
    broker: Annotated[str, Field(strict=True, pattern=r"^(redis|rediss|amqp|amqps)://.+|^$")] | None = Field(
        None, description="URL broker, mis. / a broker URL, e.g. redis://antrean.kpu.local:6379/0 "
                          "atau / or amqp://pindai:sandi@antrean.kpu.local//")
    time_limit: Number | None = Field(None, ge=10, le=86400, description=_numbers(10, 86400))
    max_tasks_per_child: StrictInt | None = Field(None, ge=1, le=100000, description=_ints(1, 100000))
    visibility_timeout: Number | None = Field(None, ge=1, le=604800, description=_numbers(1, 604800))


class SearchEngine(StrEnum):
    whoosh = "whoosh"
    postgresql = "postgresql"


class SearchTable(_Table):
    # #19 (branch pgsearch): full text in PostgreSQL instead of Whoosh; needs [catalog] url.
    engine: SearchEngine | None = Field(None, description=_choice(SearchEngine))
    public_url: Annotated[str, Field(strict=True, pattern=r"^(postgresql|postgres)://.+|^$")] | None = Field(
        None, description="URL PostgreSQL untuk peran pencarian publik / a PostgreSQL URL of the public "
                          "search role, e.g. postgresql://pindai_web@db.kpu.local/pindai")


TABLES: dict[str, type[_Table]] = {"home": HomeTable, "ocr": OcrTable, "limits": LimitsTable,
                                   "registers": RegistersTable, "catalog": CatalogTable,
                                   "cluster": ClusterTable, "search": SearchTable}
SECTIONS = (*TABLES, "profiles")


def check_table(model: type[_Table], values: Any, *, source: Path, table: str) -> dict[str, Any]:
    """Validate one table of the file; return the keys it sets, converted (enums, lists).

    Raises:
        ConfigError: naming the file, table, key, value and what is allowed.
    """
    where = f"{source} [{table}]"
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: harus berupa tabel / must be a table, not {values!r}")
    try:
        parsed = model.model_validate(values)
    except ValidationError as e:
        raise ConfigError(_explain(e, model, values, where)) from None
    out = parsed.model_dump(exclude_unset=True)
    if model is RegistersTable and "retention" in out:
        unknown = sorted(set(out["retention"]) - set(DEFAULT_RETENTION))
        if unknown:
            raise ConfigError(f"{where[:-1]}.retention]: jenis arsip tidak dikenal / unknown record kind "
                              f"{unknown[0]!r}; boleh / allowed: {_KINDS}")
    return out


def _explain(e: ValidationError, model: type[_Table], values: dict[str, Any], where: str) -> str:
    """The first error, as a person fixing the file needs it."""
    err = e.errors(include_url=False)[0]
    key = str(err["loc"][0]) if err["loc"] else ""
    if err["type"] == "extra_forbidden":
        known = ", ".join(model.model_fields)
        return f"{where}: kunci tidak dikenal / unknown key '{key}' (known: {known})"
    field = model.model_fields.get(key)
    allowed = field.description if field is not None and field.description else err["msg"]
    value = values.get(key)
    item = ""
    if len(err["loc"]) > 1 and isinstance(value, list | dict):
        item = f" (item {err['loc'][1]!r}: {err.get('input')!r})"
    return (f"{where}: '{key}' = {value!r}{item} tidak sah / not allowed; "
            f"boleh / allowed: {allowed}")
