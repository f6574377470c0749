#!/usr/bin/env python3
"""Consistency checks for the JobTech part of kllgraph's bundled world data.

Loads the three files beside this script and asserts that they agree with each
other (ads only reference taxonomy concepts that exist, with the same labels and
codes), that codes have the right form, and that the coverage the snapshot
promises is there.  Standard library only.

    python3 tools/snapshot_world/check_world.py

Exit status 0 when every check passes, 1 otherwise.  The last line reads
"N passed, N failed".
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

CONCEPT_ID = re.compile(r"^[A-Za-z0-9]{4}_[A-Za-z0-9]{3}_[A-Za-z0-9]{3}$")
DIGITS = {n: re.compile(rf"^\d{{{n}}}$") for n in (2, 4, 8, 10)}
NUTS3 = re.compile(r"^SE\d{3}$")

REQUIRED_MUNICIPALITIES = {"0180", "1480", "1280", "2584", "2180", "0380"}
MIN_ADS_IN = {"0180": 5, "1480": 5, "1280": 5, "2584": 5}  # Stockholm, Göteborg, Malmö, Kiruna
MIN_ADS = 48
MIN_OCCUPATIONS = 10
MIN_SSYK_GROUPS = 8
MIN_ADS_PER_OCCUPATION = 2
# Occupations added as career-move targets and origins (PROVENANCE.md, "Career moves"): real taxonomy concepts whose
# ads are whatever the world has, possibly none (a target without ads is a true answer too).
CAREER_MOVE_OCCUPATIONS = {
    "1DSQ_YqU_AMs", "JvRi_WQd_NP3", "uYjC_s5u_tKu", "Vq8N_Qvz_i4u", "GZ59_Q7K_6qB", "9U5Y_9Ji_uJq", "YqiW_QLd_qHo",
    "jGus_z5Q_44S", "6dCj_L43_LpC", "SFZw_QVx_MU7", "g9Y3_fvm_Q76", "n2Tp_B8E_gED", "UVrW_krj_vk8", "szfD_hPZ_y7M",
    "enMi_XgH_GQc", "bSEB_VKd_Ub3", "tT85_Pdp_4Uq", "Edjj_2Q7_P8X", "wjGn_DCt_3Br", "fg7B_yov_smw", "7YaM_bPu_c1T",
    "CZkP_hCz_KM8", "KXaA_48Y_gKe", "eSph_tp4_T7Z", "7wdX_4rv_33z", "2Egx_4fD_WLK", "4bkL_eTC_tAq", "51jM_crG_YQH",
    "6ZJd_HTR_Bki", "a46P_3cL_149", "Sbff_eeY_jch", "p65e_YPU_LoH",
}
PUBLISHED_FROM = "2026-10-01T00:00:00"
PUBLISHED_TO = "2026-11-25T23:59:59"

SWEDEN = {"country": "Sverige", "country_code": "199", "country_concept_id": "i46j_HmG_v64"}

# Field list of a JobSearch /search hit (JobAd + relevance), in the upstream model's order.
HIT_KEYS = [
    "relevance",
    "id",
    "external_id",
    "webpage_url",
    "logo_url",
    "headline",
    "application_deadline",
    "number_of_vacancies",
    "description",
    "employment_type",
    "salary_type",
    "salary_description",
    "duration",
    "working_hours_type",
    "scope_of_work",
    "access",
    "employer",
    "application_details",
    "experience_required",
    "access_to_own_car",
    "driving_license_required",
    "driving_license",
    "occupation",
    "occupation_group",
    "occupation_field",
    "workplace_address",
    "must_have",
    "nice_to_have",
    "publication_date",
    "last_publication_date",
    "removed",
    "removed_date",
    "source_type",
    "timestamp",
]
DESCRIPTION_KEYS = {"text", "text_formatted", "company_information", "needs", "requirements", "conditions"}
EMPLOYER_KEYS = {"phone_number", "email", "url", "organization_number", "name", "workplace"}
APPLICATION_KEYS = {"information", "reference", "email", "via_af", "url", "other"}
ADDRESS_KEYS = {
    "municipality",
    "municipality_code",
    "municipality_concept_id",
    "region",
    "region_code",
    "region_concept_id",
    "country",
    "country_code",
    "country_concept_id",
    "street_address",
    "postcode",
    "city",
    "coordinates",
}
REQUIREMENT_KEYS = {"skills", "languages", "work_experiences"}
ITEM_KEYS = {"concept_id", "label", "legacy_ams_taxonomy_id"}
ITEM_FIELDS = ["employment_type", "salary_type", "duration", "working_hours_type"]


class Checker:
    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []

    def check(self, ok: bool, message: str) -> bool:
        if ok:
            self.passed += 1
        else:
            self.failures.append(message)
        return ok


def load(name: str):
    with open(HERE / name, encoding="utf-8") as fh:
        return json.load(fh)


def luhn_ok(number: str) -> bool:
    """Swedish organisation numbers carry a Luhn check digit."""
    total = 0
    for i, ch in enumerate(number):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return total % 10 == 0


def single(c: Checker, concept: dict, key: str, where: str):
    items = concept.get(key)
    if not c.check(
        isinstance(items, list) and len(items) == 1, f"{where}: '{key}' must be a list of exactly one concept"
    ) or not isinstance(items, list):
        return None
    return items[0]


def check_occupations(c: Checker, body) -> dict:
    concepts = body.get("data", {}).get("concepts") if isinstance(body, dict) else None
    c.check(isinstance(concepts, list), "taxonomy_occupations.json: expected {'data': {'concepts': [...]}}")
    concepts = concepts or []
    index: dict[str, dict] = {}
    groups: dict[str, tuple] = {}
    fields: dict[str, str] = {}
    replacements: dict[str, list[str]] = {}  # deprecated id -> the ids replacing it
    for con in concepts:
        oid = con.get("id", "?")
        where = f"occupation {oid}"
        c.check(
            list(con) == ["id", "type", "preferred_label", "deprecated_legacy_id", "deprecated", "broader",
                          "replaced_by", "related"],
            f"{where}: keys/order differ from the query selection",
        )
        c.check(bool(CONCEPT_ID.match(oid)), f"{where}: malformed concept id")
        c.check(oid not in index and oid not in replacements, f"{where}: duplicate occupation id")
        c.check(isinstance(con.get("deprecated"), bool), f"{where}: deprecated must be true or false")
        if con.get("deprecated"):
            # A deprecated concept (include_deprecated: true) names live replacements; it may have lost its group.
            replaced = con.get("replaced_by")
            c.check(isinstance(replaced, list) and bool(replaced), f"{where}: deprecated without replaced_by")
            for r in replaced or []:
                c.check(list(r) == ["id", "type", "preferred_label", "broader"],
                        f"{where}: replaced_by keys/order differ from the query selection")
            replacements[oid] = [r.get("id") for r in replaced or []]
            continue
        c.check(con.get("replaced_by") == [], f"{where}: a live concept has no replaced_by")
        c.check(con.get("type") == "occupation-name", f"{where}: type must be occupation-name")
        c.check(isinstance(con.get("preferred_label"), str) and con["preferred_label"], f"{where}: empty label")
        legacy = con.get("deprecated_legacy_id")
        c.check(
            legacy is None or (isinstance(legacy, str) and legacy.isdigit()),
            f"{where}: legacy id must be digits or null",
        )
        grp = single(c, con, "broader", where)
        if grp is None:
            continue
        gid = grp.get("id", "?")
        c.check(
            list(grp) == ["id", "type", "preferred_label", "ssyk_code_2012", "broader"],
            f"{where}: ssyk-level-4 keys/order differ from the query selection",
        )
        c.check(bool(CONCEPT_ID.match(gid)), f"{where}: malformed ssyk-level-4 id {gid}")
        c.check(grp.get("type") == "ssyk-level-4", f"{where}: broader must be ssyk-level-4")
        ssyk = grp.get("ssyk_code_2012")
        c.check(isinstance(ssyk, str) and bool(DIGITS[4].match(ssyk)), f"{where}: SSYK code {ssyk!r} is not 4 digits")
        fld = single(c, grp, "broader", f"{where} -> {gid}")
        if fld is None:
            continue
        fid = fld.get("id", "?")
        c.check(list(fld) == ["id", "type", "preferred_label"], f"{where}: occupation-field keys differ")
        c.check(bool(CONCEPT_ID.match(fid)), f"{where}: malformed occupation-field id {fid}")
        c.check(fld.get("type") == "occupation-field", f"{where}: group broader must be occupation-field")
        key = (grp.get("preferred_label"), ssyk, fid)
        c.check(groups.setdefault(gid, key) == key, f"{where}: group {gid} described inconsistently")
        c.check(
            fields.setdefault(fid, fld.get("preferred_label")) == fld.get("preferred_label"),
            f"{where}: field {fid} labelled inconsistently",
        )
        related = con.get("related")
        if c.check(isinstance(related, list), f"{where}: related must be a list"):
            for r in related:
                c.check(
                    r.get("type") == "occupation-collection" and bool(CONCEPT_ID.match(r.get("id", ""))),
                    f"{where}: related item must be an occupation-collection concept",
                )
        index[oid] = {
            "label": con.get("preferred_label"),
            "legacy": legacy,
            "group": gid,
            "group_label": grp.get("preferred_label"),
            "ssyk": ssyk,
            "field": fid,
            "field_label": fld.get("preferred_label"),
        }
    for oid, ids in replacements.items():
        for rid in ids:
            c.check(rid in index, f"occupation {oid}: replacement {rid} is not a live occupation in the file")
    c.check(len(index) >= MIN_OCCUPATIONS, f"need >= {MIN_OCCUPATIONS} occupation-names, have {len(index)}")
    c.check(len(groups) >= MIN_SSYK_GROUPS, f"need >= {MIN_SSYK_GROUPS} SSYK level-4 groups, have {len(groups)}")
    codes = [g[1] for g in groups.values()]
    c.check(len(codes) == len(set(codes)), "two ssyk-level-4 concepts share an SSYK code")
    return index


def check_municipalities(c: Checker, body) -> dict:
    concepts = body.get("data", {}).get("concepts") if isinstance(body, dict) else None
    c.check(isinstance(concepts, list), "taxonomy_municipalities.json: expected {'data': {'concepts': [...]}}")
    index: dict[str, dict] = {}
    regions: dict[str, tuple] = {}
    for con in concepts or []:
        mid = con.get("id", "?")
        where = f"municipality {mid}"
        c.check(
            list(con) == ["id", "type", "preferred_label", "lau_2_code_2015", "broader"],
            f"{where}: keys/order differ from the query selection",
        )
        c.check(bool(CONCEPT_ID.match(mid)), f"{where}: malformed concept id")
        c.check(con.get("type") == "municipality", f"{where}: type must be municipality")
        code = con.get("lau_2_code_2015")
        c.check(isinstance(code, str) and bool(DIGITS[4].match(code)), f"{where}: kommunkod {code!r} is not 4 digits")
        reg = single(c, con, "broader", where)
        if reg is None:
            continue
        rid = reg.get("id", "?")
        c.check(
            list(reg) == ["id", "type", "preferred_label", "national_nuts_level_3_code_2019", "nuts_level_3_code_2021"],
            f"{where}: region keys/order differ from the query selection",
        )
        c.check(bool(CONCEPT_ID.match(rid)), f"{where}: malformed region id")
        c.check(reg.get("type") == "region", f"{where}: broader must be a region")
        lan = reg.get("national_nuts_level_3_code_2019")
        nuts = reg.get("nuts_level_3_code_2021")
        c.check(isinstance(lan, str) and bool(DIGITS[2].match(lan)), f"{where}: länskod {lan!r} is not 2 digits")
        c.check(isinstance(nuts, str) and bool(NUTS3.match(nuts)), f"{where}: NUTS code {nuts!r} malformed")
        # SCB rule: a kommunkod starts with its länskod.
        c.check(
            isinstance(code, str) and isinstance(lan, str) and code[:2] == lan,
            f"{where}: kommunkod {code} not within län {lan}",
        )
        key = (reg.get("preferred_label"), lan, nuts)
        c.check(regions.setdefault(rid, key) == key, f"{where}: region {rid} described inconsistently")
        c.check(code not in {m["code"] for m in index.values()}, f"{where}: duplicate kommunkod {code}")
        c.check(mid not in index, f"{where}: duplicate municipality id")
        index[mid] = {
            "label": con.get("preferred_label"),
            "code": code,
            "region": rid,
            "region_label": reg.get("preferred_label"),
            "region_code": lan,
        }
    lans = [r[1] for r in regions.values()]
    c.check(len(lans) == len(set(lans)), "two regions share a länskod")
    have = {m["code"] for m in index.values()}
    c.check(have >= REQUIRED_MUNICIPALITIES, f"missing municipalities: {sorted(REQUIRED_MUNICIPALITIES - have)}")
    return index


def check_item(c: Checker, item, where: str, seen: dict) -> None:
    if item is None:
        return
    if not c.check(
        isinstance(item, dict) and set(item) == ITEM_KEYS, f"{where}: taxonomy item must be {sorted(ITEM_KEYS)}"
    ):
        return
    c.check(bool(CONCEPT_ID.match(item["concept_id"] or "")), f"{where}: malformed concept id")
    legacy = item["legacy_ams_taxonomy_id"]
    c.check(
        legacy is None or (isinstance(legacy, str) and legacy.isdigit()), f"{where}: legacy id must be digits or null"
    )
    key = (item["label"], legacy)
    c.check(
        seen.setdefault(item["concept_id"], key) == key,
        f"{where}: concept {item['concept_id']} used with different label/legacy id elsewhere",
    )


def check_ads(c: Checker, ads, occupations: dict, municipalities: dict) -> tuple[dict[str, int], dict[str, int]] | None:
    if not c.check(isinstance(ads, list), "jobsearch_ads.json: expected a JSON array of hits"):
        return None
    c.check(len(ads) >= MIN_ADS, f"need >= {MIN_ADS} ads, have {len(ads)}")
    ids: set[str] = set()
    per_occupation = {oid: 0 for oid in occupations}
    per_municipality = {m["code"]: 0 for m in municipalities.values()}
    seen_items: dict[str, tuple] = {}
    for ad in ads:
        aid = str(ad.get("id"))
        where = f"ad {aid}"
        c.check(list(ad) == HIT_KEYS, f"{where}: keys/order differ from the JobSearch hit shape")
        c.check(bool(DIGITS[8].match(aid)), f"{where}: id must be an 8-digit string")
        c.check(aid not in ids, f"{where}: duplicate ad id")
        ids.add(aid)
        c.check(
            ad.get("webpage_url") == f"https://arbetsformedlingen.se/platsbanken/annonser/{aid}",
            f"{where}: webpage_url",
        )
        c.check(isinstance(ad.get("relevance"), float), f"{where}: relevance must be a float")
        c.check(isinstance(ad.get("headline"), str) and ad["headline"].strip() != "", f"{where}: empty headline")
        c.check(
            isinstance(ad.get("number_of_vacancies"), int) and ad["number_of_vacancies"] >= 1, f"{where}: vacancies"
        )
        desc = ad.get("description") or {}
        c.check(set(desc) == DESCRIPTION_KEYS and bool(desc.get("text")), f"{where}: description shape/text")
        c.check(set(ad.get("scope_of_work") or {}) == {"min", "max"}, f"{where}: scope_of_work shape")
        c.check(set(ad.get("application_details") or {}) == APPLICATION_KEYS, f"{where}: application_details shape")
        for key in ("must_have", "nice_to_have"):
            req = ad.get(key) or {}
            if c.check(set(req) == REQUIREMENT_KEYS, f"{where}: {key} shape"):
                for exp in req["work_experiences"]:
                    c.check(set(exp) == ITEM_KEYS | {"weight"}, f"{where}: {key}.work_experiences item shape")
                    c.check(
                        exp.get("concept_id") in occupations
                        and exp.get("label") == occupations[exp["concept_id"]]["label"],
                        f"{where}: {key}.work_experiences references an unknown occupation",
                    )
        for key in ITEM_FIELDS:
            check_item(c, ad.get(key), f"{where}.{key}", seen_items)
        c.check(
            ad.get("salary_type") is not None and ad.get("employment_type") is not None,
            f"{where}: salary/employment type missing",
        )

        # employer
        emp = ad.get("employer") or {}
        org = emp.get("organization_number")
        c.check(set(emp) == EMPLOYER_KEYS, f"{where}: employer shape")
        c.check(
            isinstance(org, str) and bool(DIGITS[10].match(org)),
            f"{where}: organisation number {org!r} is not 10 digits",
        )
        c.check(
            isinstance(org, str) and org.isdigit() and luhn_ok(org),
            f"{where}: organisation number {org!r} fails the Luhn check",
        )
        c.check(
            isinstance(org, str) and org.startswith("2"), f"{where}: employer {org!r} is not a public body (prefix 2)"
        )

        # occupation triple
        occ, grp, fld = ad.get("occupation") or {}, ad.get("occupation_group") or {}, ad.get("occupation_field") or {}
        for name, item in (("occupation", occ), ("occupation_group", grp), ("occupation_field", fld)):
            check_item(c, item, f"{where}.{name}", seen_items)
        tax = occupations.get(occ.get("concept_id"))
        if c.check(tax is not None, f"{where}: occupation {occ.get('concept_id')} not in taxonomy_occupations.json") \
                and tax is not None:
            per_occupation[occ["concept_id"]] += 1
            c.check(occ.get("label") == tax["label"], f"{where}: occupation label differs from taxonomy")
            c.check(
                occ.get("legacy_ams_taxonomy_id") == tax["legacy"],
                f"{where}: occupation legacy id differs from taxonomy",
            )
            c.check(
                grp.get("concept_id") == tax["group"], f"{where}: occupation_group is not the occupation's ssyk-level-4"
            )
            c.check(grp.get("label") == tax["group_label"], f"{where}: occupation_group label differs from taxonomy")
            c.check(
                grp.get("legacy_ams_taxonomy_id") == tax["ssyk"],
                f"{where}: occupation_group legacy id must equal the SSYK code",
            )
            c.check(fld.get("concept_id") == tax["field"], f"{where}: occupation_field is not the group's field")
            c.check(fld.get("label") == tax["field_label"], f"{where}: occupation_field label differs from taxonomy")

        # place
        addr = ad.get("workplace_address") or {}
        c.check(set(addr) == ADDRESS_KEYS, f"{where}: workplace_address shape")
        mun = municipalities.get(addr.get("municipality_concept_id"))
        if c.check(
            mun is not None,
            f"{where}: municipality {addr.get('municipality_concept_id')} not in taxonomy_municipalities.json",
        ) and mun is not None:
            per_municipality[mun["code"]] += 1
            c.check(addr.get("municipality") == mun["label"], f"{where}: municipality label differs from taxonomy")
            c.check(
                addr.get("municipality_code") == mun["code"], f"{where}: municipality_code differs from lau_2_code_2015"
            )
            c.check(addr.get("region_concept_id") == mun["region"], f"{where}: region is not the municipality's region")
            c.check(addr.get("region") == mun["region_label"], f"{where}: region label differs from taxonomy")
            c.check(
                addr.get("region_code") == mun["region_code"],
                f"{where}: region_code differs from national_nuts_level_3_code_2019",
            )
        for key, value in SWEDEN.items():
            c.check(addr.get(key) == value, f"{where}: {key} must be {value!r}")
        coords = addr.get("coordinates")
        c.check(isinstance(coords, list) and len(coords) == 2, f"{where}: coordinates must be [lon, lat]")

        # dates
        pub, deadline, last = (
            ad.get("publication_date"),
            ad.get("application_deadline"),
            ad.get("last_publication_date"),
        )
        try:
            p = datetime.fromisoformat(pub)
            d = datetime.fromisoformat(deadline)
            datetime.fromisoformat(last)
            ok = True
        except (TypeError, ValueError):
            ok = False
        if c.check(ok, f"{where}: dates must be ISO local date-times"):
            c.check(
                PUBLISHED_FROM <= pub <= PUBLISHED_TO, f"{where}: publication_date {pub} outside the snapshot window"
            )
            c.check(d > p, f"{where}: application_deadline not after publication_date")
            c.check(last >= pub, f"{where}: last_publication_date before publication_date")
        c.check(
            ad.get("removed") is False and ad.get("removed_date") is None, f"{where}: published ads are not removed"
        )
        c.check(isinstance(ad.get("timestamp"), int), f"{where}: timestamp must be epoch milliseconds")

    for oid, n in per_occupation.items():
        c.check(
            n >= MIN_ADS_PER_OCCUPATION or oid in CAREER_MOVE_OCCUPATIONS,
            f"occupation {oid} ({occupations[oid]['label']}) has {n} ads, need >= {MIN_ADS_PER_OCCUPATION}",
        )
    for code in REQUIRED_MUNICIPALITIES:
        c.check(
            per_municipality.get(code, 0) >= MIN_ADS_IN.get(code, 1),
            f"municipality {code} has {per_municipality.get(code, 0)} ads, need >= {MIN_ADS_IN.get(code, 1)}",
        )
    return per_occupation, per_municipality


def main() -> int:
    c = Checker()
    occupations = check_occupations(c, load("taxonomy_occupations.json"))
    municipalities = check_municipalities(c, load("taxonomy_municipalities.json"))
    result = check_ads(c, load("jobsearch_ads.json"), occupations, municipalities)
    if result:
        per_occ, per_mun = result
        names = {m["code"]: m["label"] for m in municipalities.values()}
        print(
            f"occupations: {len(occupations)}, SSYK groups: {len({o['group'] for o in occupations.values()})}, "
            f"municipalities: {len(municipalities)}"
        )
        print("ads per municipality: " + ", ".join(f"{names[k]} {v}" for k, v in sorted(per_mun.items())))
        print("ads per occupation: " + ", ".join(f"{occupations[k]['label']} {v}" for k, v in per_occ.items()))
    for msg in c.failures:
        print(f"FAIL: {msg}")
    print(f"{c.passed} passed, {len(c.failures)} failed")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
