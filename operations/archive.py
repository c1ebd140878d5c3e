"""One organisation's complete data in one archive (.zip), and back: to move it to another server or keep it.

The archive holds `manifest.json` (what it is, the database version it came from, a sha256 of every
file), `manifest.sig` (an HMAC-SHA256 of the manifest with the operator's ARCHIVE_SIGNING_KEY, so
that the checksums themselves cannot be rewritten), `data.json` (Django's JSON serialisation: current rows, their history, even of deleted
records, and the organisation's users) and `media/<storage name>` for every uploaded file those rows
name. Reference data (ด้าน, แผนงาน, งบ, หมวด) is in every database already and is referred to by its
code; every other row keeps its primary key, so history rows still line up with their records.

It lives in `operations`, which may use every app: it finds every model of the three apps with
data that names its `organisation_path`, so a new kind of record is archived without a change here.
"""

from __future__ import annotations

import graphlib
import hashlib
import hmac
import io
import json
import posixpath
import zipfile
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import Organisation, User
from public import cache as public_cache

FORMAT_VERSION = 1
APPS = ("plans", "projects", "announcements")
MAX_TOTAL_BYTES = 2 * 1024**3  # uncompressed; more than any one organisation's plans and photos
MAX_MEMBERS = 100_000
CHUNK = 5_000  # ids per IN (…) query: SQLite allows at most 32,766 parameters
SIGNATURE = "manifest.sig"
# Flags of a user that a restore never takes from an archive: whoever holds an archive must not be
# able to make anyone a system administrator by editing it.
NEVER_RESTORED = {"is_superuser": False, "is_staff": False, "groups": [], "user_permissions": []}


class ArchiveError(Exception):
    """The archive cannot be made or restored; the message, in Thai, says why."""


# --- what belongs to an organisation -------------------------------------------------------------


def organisation_models() -> list[type[models.Model]]:
    """Every model of the local apps that names its way to the organisation (Organisation itself too)."""
    return [model for label in APPS for model in apps.get_app_config(label).get_models() if hasattr(model, "organisation_path")]


def history_models(model: type[models.Model]) -> list[type[models.Model]]:
    """The django-simple-history models of `model`: its historical rows, then those of its tracked many-to-many fields."""
    if not hasattr(model._meta, "simple_history_manager_attribute"):
        return []
    history = model.history.model
    return [history, *(HistoricalRecords.m2m_models[field] for field in history._history_m2m_fields)]


def archived_models() -> list[type[models.Model]]:
    """Every model an archive may hold rows of, parents before children."""
    chosen = [User]
    for model in organisation_models():
        chosen += [model, *history_models(model)]
    return _in_dependency_order(chosen)


def _in_dependency_order(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    graph = {
        model: [
            field.related_model
            for field in model._meta.concrete_fields
            if field.related_model in chosen and field.related_model is not model
        ]
        for model in chosen
    }
    return list(graphlib.TopologicalSorter(graph).static_order())


def _chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = sorted(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _filter_in(queryset: models.QuerySet, lookup: str, values: Iterable) -> list:
    return [row for chunk in _chunks(values) for row in queryset.filter(**{f"{lookup}__in": chunk})]


class _Owner:
    """Which rows belong to one organisation, found through ids rather than joins.

    A historical row of a deleted record may point at a parent that was deleted too, so a join
    would lose it: the ids a model's rows belong to are the ids of its parent's current records and
    of every record its parent's history says belonged to the organisation, all the way up.
    """

    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self._rows: dict[type[models.Model], tuple[list[models.Model], list[models.Model]]] = {}

    def rows(self, model: type[models.Model]) -> tuple[list[models.Model], list[models.Model]]:
        """(current rows, historical rows) of `model` that belong, or belonged, to the organisation."""
        if model not in self._rows:
            current = self._select(model._base_manager.all(), model, "pk")
            history = self._select(model.history.model._default_manager.all(), model, "id") if history_models(model) else []
            self._rows[model] = (current, history)
        return self._rows[model]

    def ids(self, model: type[models.Model]) -> set[int]:
        """Ids of the records of `model` that belong, or belonged before they were deleted, to the organisation."""
        current, history = self.rows(model)
        return {row.pk for row in current} | {row.id for row in history}

    def _select(self, queryset: models.QuerySet, model: type[models.Model], record_id: str) -> list[models.Model]:
        if model.organisation_path == "pk":
            return list(queryset.filter(**{record_id: self.organisation.pk}))
        parent = model._meta.get_field(model.organisation_path.split("__")[0])
        return _filter_in(queryset, parent.attname, self.ids(parent.related_model))


# --- export ---------------------------------------------------------------------------------------


def export_organisation(organisation: Organisation) -> bytes:
    """The organisation's complete data as a .zip: manifest.json, data.json and media/<storage name> of every uploaded file."""
    rows = _rows_of(organisation)
    media, missing = _media_of(rows)
    every_row = [row for model_rows in rows.values() for row in model_rows]
    data = serializers.serialize("json", every_row, use_natural_foreign_keys=True, use_natural_primary_keys=False).encode()
    members = {"data.json": data} | {f"media/{name}": content for name, content in media.items()}
    if sum(len(content) for content in members.values()) > MAX_TOTAL_BYTES:
        raise ArchiveError(f"ข้อมูลของ{organisation} มีขนาดเกิน {MAX_TOTAL_BYTES // 1024**3:,} GB จึงส่งออกเป็นไฟล์เดียวไม่ได้")
    historical = {model for model in rows if _is_history(model)}
    manifest = {
        "format_version": FORMAT_VERSION,
        "organisation": {"code": organisation.code, "name": organisation.full_name},
        "exported_at": timezone.now().isoformat(),
        "migrations": migration_leaves(),
        "counts": {model._meta.label_lower: len(model_rows) for model, model_rows in rows.items()},
        "totals": {
            "records": sum(len(model_rows) for model, model_rows in rows.items() if model not in historical),
            "history": sum(len(model_rows) for model, model_rows in rows.items() if model in historical),
            "files": len(media),
        },
        "missing_files": missing,
        "files": {name: _sha256(content) for name, content in members.items()},
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    signature = sign(manifest_bytes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr(SIGNATURE, signature)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _is_history(model: type[models.Model]) -> bool:
    return not hasattr(model, "organisation_path") and model is not User


def _rows_of(organisation: Organisation) -> dict[type[models.Model], list[models.Model]]:
    """Every row to export, by model in dependency order, each model's rows by primary key."""
    owner = _Owner(organisation)
    found: dict[type[models.Model], list[models.Model]] = {User: list(User.objects.filter(organisation=organisation))}
    for model in organisation_models():
        found[model], history = owner.rows(model)
        versions = history_models(model)
        if versions:
            found[versions[0]] = history
            history_ids = {row.pk for row in found[versions[0]]}
            for m2m_history in versions[1:]:
                found[m2m_history] = _filter_in(m2m_history._default_manager.all(), "history_id", history_ids)
    users = {user.pk for user in found[User]}
    rows = {}
    for model in archived_models():
        rows[model] = sorted(found[model], key=lambda row: row.pk)
        for row in rows[model]:
            # Someone outside the organisation (a system administrator) made this change: the
            # archive does not carry that person, so the history keeps the change without the name.
            if getattr(row, "history_user_id", None) is not None and row.history_user_id not in users:
                row.history_user = None
    return rows


def _file_fields(model: type[models.Model]) -> list[str]:
    """Names of the file fields of `model`; of a history model, its record's (history keeps them as text)."""
    source = getattr(model, "instance_type", model)
    return [field.name for field in source._meta.concrete_fields if isinstance(field, models.FileField) and hasattr(model, field.name)]


def _media_of(rows: dict[type[models.Model], list[models.Model]]) -> tuple[dict[str, bytes], list[str]]:
    """The uploaded files the rows name, read from storage; and those current rows name but storage has lost.

    A file that only history names (an emblem since replaced) is kept when storage still has it.
    """
    media: dict[str, bytes] = {}
    missing: set[str] = set()
    for model, model_rows in rows.items():
        for field_name in _file_fields(model):
            for row in model_rows:
                value = getattr(row, field_name)
                name = getattr(value, "name", value)
                if not name or name in media:
                    continue
                _check_name(name)
                if default_storage.exists(name):
                    with default_storage.open(name, "rb") as stored:
                        media[name] = stored.read()
                elif not _is_history(model):
                    missing.add(name)
    return dict(sorted(media.items())), sorted(missing)


def migration_leaves() -> dict[str, list[str]]:
    """For each local app, the applied migrations no other applied migration of the app follows: the database's version."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    leaves = {}
    for label in APPS:
        mine = {key for key in applied if key[0] == label}
        leaves[label] = sorted(
            name
            for app, name in mine
            if (app, name) not in loader.graph.node_map or not {child.key for child in loader.graph.node_map[app, name].children} & mine
        )
    return leaves


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _signing_key() -> bytes:
    key = getattr(settings, "ARCHIVE_SIGNING_KEY", "")
    if not key:
        raise ArchiveError(
            "ยังไม่ได้ตั้ง ARCHIVE_SIGNING_KEY (กุญแจลงนามไฟล์สำรอง) จึงส่งออกหรือกู้คืนไม่ได้: ตั้งตัวแปรสภาพแวดล้อม "
            "ARCHIVE_SIGNING_KEY เป็นข้อความสุ่มยาว ๆ ชุดเดียวกันทั้งเครื่องที่ส่งออกและเครื่องที่กู้คืน"
        )
    return key.encode()


def sign(manifest: bytes) -> str:
    """The HMAC-SHA256 of the manifest with the operator's key: whoever lacks the key cannot make an
    archive this server restores, however they recompute its checksums."""
    return hmac.new(_signing_key(), manifest, hashlib.sha256).hexdigest()


def _verify(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "manifest.json" not in names:
        raise ArchiveError("ไฟล์สำรองไม่มี manifest.json จึงไม่ใช่ไฟล์สำรองข้อมูลของระบบ")
    if SIGNATURE not in names:
        raise ArchiveError("ไฟล์สำรองไม่มีลายมือชื่อดิจิทัล (manifest.sig) จึงไม่กู้คืน: กู้คืนได้เฉพาะไฟล์ที่ระบบนี้ส่งออกและลงนามแล้ว")
    try:
        manifest, signature = archive.read("manifest.json"), archive.read(SIGNATURE)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ArchiveError("อ่าน manifest.json ในไฟล์สำรองไม่ได้ (ไฟล์เสียหาย)") from error
    if not hmac.compare_digest(sign(manifest), signature.decode("ascii", "replace").strip()):
        raise ArchiveError(
            "ลายมือชื่อดิจิทัลของไฟล์สำรองไม่ถูกต้อง (ไฟล์ถูกแก้ไข หรือลงนามด้วยกุญแจอื่น) จึงไม่กู้คืน: ตรวจว่า ARCHIVE_SIGNING_KEY ตรงกับของเครื่องที่ส่งออก"
        )


# --- reading an archive ---------------------------------------------------------------------------


def read_manifest(content: bytes) -> dict:
    """The archive's manifest (what it holds, its totals); restore_organisation() checks the rest."""
    with _zip(content) as archive:
        return _manifest(archive)


def _zip(content: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError) as error:
        raise ArchiveError("ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของระบบ (ต้องเป็นไฟล์ .zip ที่ส่งออกจากระบบนี้)") from error


def _open(content: bytes) -> tuple[dict, bytes, dict[str, bytes]]:
    """(manifest, data.json, {storage name: bytes}) of a checked archive."""
    with _zip(content) as archive:
        members = archive.infolist()
        _check_members(members)
        _verify(archive)
        manifest = _manifest(archive)
        listed = manifest.get("files")
        if not isinstance(listed, dict) or "data.json" not in listed:
            raise ArchiveError("manifest.json ในไฟล์สำรองไม่ได้ระบุไฟล์ data.json จึงไม่ใช่ไฟล์สำรองข้อมูลของระบบ")
        present = {member.filename for member in members} - {"manifest.json", SIGNATURE}
        for name in sorted(present - set(listed)):
            raise ArchiveError(f"ไฟล์สำรองมีไฟล์ “{name}” ที่ไม่ได้ระบุไว้ใน manifest.json (ไฟล์อาจถูกแก้ไข) จึงไม่กู้คืน")
        contents = {}
        for name in sorted(listed):
            if name not in present:
                raise ArchiveError(f"ไฟล์สำรองขาดไฟล์ “{name}” ที่ระบุไว้ใน manifest.json จึงไม่กู้คืน")
            try:
                contents[name] = archive.read(name)
            except (zipfile.BadZipFile, OSError, EOFError) as error:  # a bad CRC or a damaged stream
                raise ArchiveError(f"ไฟล์ “{name}” ในไฟล์สำรองเสียหาย อ่านไม่ได้ จึงไม่กู้คืน") from error
            if _sha256(contents[name]) != listed[name]:
                raise ArchiveError(f"ไฟล์ “{name}” ในไฟล์สำรองไม่ตรงกับที่บันทึกไว้ตอนส่งออก (ไฟล์อาจเสียหายหรือถูกแก้ไข) จึงไม่กู้คืน")
    data = contents.pop("data.json")
    return manifest, data, {name.removeprefix("media/"): blob for name, blob in contents.items()}


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise ArchiveError(f"ไฟล์สำรองมีไฟล์ข้างใน {len(members):,} ไฟล์ เกินขีดจำกัด {MAX_MEMBERS:,} ไฟล์ จึงไม่กู้คืน")
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES:
        raise ArchiveError(f"ไฟล์สำรองมีขนาดเมื่อแตกไฟล์แล้ว {total / 1024**2:,.0f} MB เกินขีดจำกัด {MAX_TOTAL_BYTES / 1024**2:,.0f} MB จึงไม่กู้คืน")
    names = [member.filename for member in members]
    if len(set(names)) != len(names):
        raise ArchiveError("ไฟล์สำรองมีไฟล์ชื่อซ้ำกัน (ไฟล์อาจถูกแก้ไข) จึงไม่กู้คืน")
    for name in names:
        if name not in ("manifest.json", SIGNATURE, "data.json"):
            if not name.startswith("media/"):
                raise ArchiveError(f"ไฟล์สำรองมีไฟล์ “{name}” ที่ไม่ใช่ส่วนหนึ่งของไฟล์สำรองข้อมูล จึงไม่กู้คืน")
            _check_name(name.removeprefix("media/"))


def _check_name(name: str) -> None:
    """Refuse a storage name that could reach outside the media folder."""
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or ":" in parts[0]
        or ".." in parts
        or posixpath.normpath(name) != name
    ):
        raise ArchiveError(f"ไฟล์สำรองมีไฟล์ชื่อ “{name}” ซึ่งไม่ปลอดภัย (ชี้ออกนอกที่เก็บไฟล์) จึงไม่กู้คืน")


def _manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError as error:
        raise ArchiveError("ไฟล์สำรองไม่มี manifest.json จึงไม่ใช่ไฟล์สำรองข้อมูลของระบบ") from error
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise ArchiveError("อ่าน manifest.json ในไฟล์สำรองไม่ได้ (ไฟล์เสียหาย)") from error
    if not isinstance(manifest, dict):
        raise ArchiveError("อ่าน manifest.json ในไฟล์สำรองไม่ได้ (ไฟล์เสียหาย)")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(f"ไฟล์สำรองเป็นรูปแบบรุ่น “{manifest.get('format_version')}” ซึ่งระบบนี้ไม่รู้จัก (รู้จักเฉพาะรุ่น {FORMAT_VERSION})")
    return manifest


# --- restore --------------------------------------------------------------------------------------


def restore_organisation(content: bytes) -> Organisation:
    """Put an archived organisation back: all its rows with their primary keys, its history and its files; or nothing at all."""
    manifest, data, media = _open(content)
    _check_migrations(manifest.get("migrations"))
    rows = _data_rows(data)
    organisation_pk = _check_rows(manifest, rows)
    for row in rows:
        if row["model"] == "plans.user":
            row["fields"].update(NEVER_RESTORED)
    data = json.dumps(rows).encode()
    _check_free(rows)
    to_write = _files_to_write(media)
    written: list[str] = []
    try:
        with transaction.atomic():
            _insert(data, [apps.get_model(label) for label in sorted({row["model"] for row in rows})])
            _write_files(to_write, written)
    except BaseException as error:
        for name in written:
            default_storage.delete(name)
        if isinstance(error, DeserializationError | DatabaseError | ValidationError | ObjectDoesNotExist | ValueError | OSError):
            raise ArchiveError(f"กู้คืนไม่สำเร็จ ระบบไม่ได้บันทึกข้อมูลหรือไฟล์ใดไว้: {error}") from error
        raise
    organisation = Organisation.objects.get(pk=organisation_pk)
    # Rows were loaded raw (no signals): forget any public page cached while it was missing.
    public_cache.invalidate(organisation.code, site=True)
    return organisation


def _check_migrations(leaves: object) -> None:
    here = migration_leaves()
    if leaves == here:
        return
    archived = leaves if isinstance(leaves, dict) else {}
    differences = [
        f"{label}: ไฟล์สำรอง {', '.join(archived.get(label) or ['-'])} / ฐานข้อมูลนี้ {', '.join(here[label]) or '-'}"
        for label in APPS
        if archived.get(label) != here[label]
    ]
    raise ArchiveError(
        "ไฟล์สำรองสร้างจากฐานข้อมูลรุ่น (migration) ที่ต่างจากฐานข้อมูลนี้ จึงกู้คืนไม่ได้ "
        f"({'; '.join(differences)}) ให้ติดตั้งระบบรุ่นเดียวกับที่ส่งออกและ migrate ให้ตรงกันก่อน"
    )


def _data_rows(data: bytes) -> list[dict]:
    try:
        rows = json.loads(data)
    except ValueError as error:
        raise ArchiveError("อ่าน data.json ในไฟล์สำรองไม่ได้ (ไฟล์เสียหาย)") from error
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) and isinstance(row.get("fields"), dict) and "model" in row for row in rows
    ):
        raise ArchiveError("data.json ในไฟล์สำรองไม่ใช่ข้อมูลในรูปแบบที่ระบบส่งออก")
    return rows


def _check_rows(manifest: dict, rows: list[dict]) -> int:
    """Only the organisation's own kinds of data, one organisation, the one the manifest names, and its own users; its pk."""
    allowed = {model._meta.label_lower for model in archived_models()}
    for label in sorted({row["model"] for row in rows} - allowed):
        raise ArchiveError(f"ไฟล์สำรองมีข้อมูลตาราง “{label}” ซึ่งไม่ใช่ข้อมูลของ อปท. จึงไม่กู้คืน")
    organisations = [row for row in rows if row["model"] == "plans.organisation"]
    code = (manifest.get("organisation") or {}).get("code")
    if len(organisations) != 1 or organisations[0]["fields"].get("code") != code:
        raise ArchiveError("ข้อมูลในไฟล์สำรองไม่ตรงกับ manifest.json (ต้องมี อปท. เดียว รหัสตรงกัน) จึงไม่กู้คืน")
    _check_user_references(rows)
    existing = Organisation.objects.filter(code=code).first()
    if existing:
        raise ArchiveError(f"มี อปท. รหัส {code} ({existing}) อยู่ในระบบนี้แล้ว จึงไม่กู้คืนซ้ำ")
    for row in rows:
        if row["model"] == "plans.user" and row["fields"].get("organisation") != organisations[0]["pk"]:
            raise ArchiveError(f"ไฟล์สำรองมีผู้ใช้ “{row['fields'].get('username')}” ที่ไม่ได้สังกัด อปท. นี้ จึงไม่กู้คืน")
    return organisations[0]["pk"]


def _check_user_references(rows: list[dict]) -> None:
    """A step taken by someone outside the organisation names that person by username: they must be on this server too."""
    user_fields: dict[str, list[str]] = {}
    named = set()
    for row in rows:
        if row["model"] not in user_fields:
            user_fields[row["model"]] = [
                field.name for field in apps.get_model(row["model"])._meta.concrete_fields if field.related_model is User
            ]
        for name in user_fields[row["model"]]:
            key = row["fields"].get(name)
            if isinstance(key, list) and len(key) == 1 and isinstance(key[0], str):
                named.add(key[0])
    named -= {row["fields"].get("username") for row in rows if row["model"] == "plans.user"}
    missing = sorted(named - set(User.objects.filter(username__in=named).values_list("username", flat=True)))
    if missing:
        raise ArchiveError(f"ข้อมูลในไฟล์สำรองอ้างถึงผู้ใช้ {', '.join(missing)} ซึ่งไม่ได้อยู่ในไฟล์สำรองและไม่มีในระบบนี้ ให้สร้างผู้ใช้ชื่อนี้ก่อนกู้คืน")


def _check_free(rows: list[dict]) -> None:
    """Every primary key, record id and unique value to insert must be unused here: a restore adds, it never overwrites."""
    by_model: dict[type[models.Model], list[dict]] = {}
    for row in rows:
        by_model.setdefault(apps.get_model(row["model"]), []).append(row)
    for model, model_rows in by_model.items():
        _refuse_taken(model, "pk", [row.get("pk") for row in model_rows], "รหัสระเบียน")
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key and not hasattr(field.related_model, "natural_key"):
                _refuse_taken(model, field.attname, [row["fields"].get(field.name) for row in model_rows], str(field.verbose_name))
    # A record's id is also the id its history goes by: an id that a deleted record here once had is taken too.
    for model in by_model:
        versions = history_models(model)
        if versions:
            ids = [row.get("pk") for row in by_model[model]] + [row["fields"].get("id") for row in by_model.get(versions[0], [])]
            _refuse_taken(model, "pk", ids, "รหัสระเบียน")
            _refuse_taken(versions[0], "id", ids, "รหัสระเบียน")


def _refuse_taken(model: type[models.Model], lookup: str, values: list, what: str) -> None:
    wanted = {value for value in values if value is not None}
    taken = sorted(set(_filter_in(model._base_manager.values_list(lookup, flat=True), lookup, wanted)), key=str)
    if taken:
        shown = ", ".join(str(value) for value in taken[:5]) + (f" และอีก {len(taken) - 5:,} รายการ" if len(taken) > 5 else "")
        raise ArchiveError(
            f"ตาราง {model._meta.db_table} ({model._meta.verbose_name}) มี{what} {shown} อยู่แล้ว "
            "จึงกู้คืนไม่ได้โดยไม่ทับข้อมูลเดิม ให้กู้คืนลงในฐานข้อมูลใหม่ หรือฐานข้อมูลที่ไม่มีข้อมูลเหล่านี้"
        )


def _files_to_write(media: dict[str, bytes]) -> dict[str, bytes]:
    """The files storage does not have yet; a file already there with the same bytes is left as it is."""
    to_write = {}
    for name, content in media.items():
        if not default_storage.exists(name):
            to_write[name] = content
            continue
        with default_storage.open(name, "rb") as stored:
            if stored.read() != content:
                raise ArchiveError(f"มีไฟล์ “{name}” อยู่ในที่เก็บไฟล์แล้วและเนื้อหาต่างกัน จึงกู้คืนไม่ได้โดยไม่ทับไฟล์เดิม")
    return to_write


def _insert(data: bytes, chosen: list[type[models.Model]]) -> None:
    """Insert every row as stored (raw saves: no model's save() rules, no new history), then check every reference."""
    with connection.constraint_checks_disabled():
        deferred = []
        for found in serializers.deserialize("json", data, handle_forward_references=True):
            found.object.skip_history_when_saving = True  # these rows are history already; m2m changes add none
            found.save()
            if found.deferred_fields:
                deferred.append(found)
        for found in deferred:
            found.save_deferred_fields()
    connection.check_constraints(table_names=[model._meta.db_table for model in chosen])
    _reset_sequences(chosen)


def _reset_sequences(chosen: list[type[models.Model]]) -> None:
    """New rows get fresh ids: past every restored id, and past the ids of deleted records their history keeps."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), chosen):
            cursor.execute(sql)
        for model in chosen:
            versions = history_models(model)
            if versions:
                _advance_past_history(cursor, model, versions[0])


def _advance_past_history(cursor, model: type[models.Model], history: type[models.Model]) -> None:
    top = history._default_manager.aggregate(top=models.Max("id"))["top"]
    if top is None:
        return
    table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(model._meta.pk.column)
    if connection.vendor == "postgresql":
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, (SELECT COALESCE(MAX({column}), 0) FROM {table})))",
            [table, model._meta.pk.column, top],
        )
    elif connection.vendor == "sqlite":
        name = model._meta.db_table
        cursor.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
            [name, name],
        )
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s AND seq < %s", [top, name, top])


def _write_files(to_write: dict[str, bytes], written: list[str]) -> None:
    for name, content in to_write.items():
        saved = default_storage.save(name, ContentFile(content))
        written.append(saved)
        if saved != name:
            raise ArchiveError(f"บันทึกไฟล์ “{name}” ในชื่อเดิมไม่ได้ จึงไม่กู้คืน")
