#!/usr/bin/env python3
"""Independent verifier for the accountability-ledger format, versions 1 and 2.

Written from docs/FORMAT.md (§2-§6) and RFC 8785 alone, without reading the
project's Swift sources. Standard library plus the `openssl` command (3.0).

Usage: python3 tools/independent-verify.py LEDGER_DIR_OR_LOG_FILE [--anchor HASH]
       python3 tools/independent-verify.py LEDGER --checkpoint NOTE [--key OFFICE.pem ...]
       python3 tools/independent-verify.py --inclusion PROOF.json --key OFFICE.pem
       python3 tools/independent-verify.py --consistency PROOF.json --key OFFICE.pem
       python3 tools/independent-verify.py --bundle FILE [--key OFFICE.pem]

  success: "OK <n> records, head <hash>"          exit 0 (then "OK checkpoint ..." lines)
  failure: "FAIL record <n>: <member>: <reason>"  exit 1 ("FAIL checkpoint/proof/bundle: ...")
  usage / I/O errors                              exit 2

The checkpoint, proof and bundle checks were added from FORMAT.md §12 alone: RFC 9162 trees and proofs,
C2SP signed notes, checkpoints and cosignatures, and the bundle of §12.10.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

# --------------------------------------------------------------------------
# Failures


class Fail(Exception):
    def __init__(self, member, reason):
        super().__init__(f"{member}: {reason}")
        self.member = member
        self.reason = reason


# --------------------------------------------------------------------------
# RFC 8785 (JCS) serialiser


def _es_number(x):
    """ECMAScript Number.prototype.toString for a finite double (RFC 8785 §3.2.2.3)."""
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("non-finite number")
    if x == 0:
        return "0"  # also -0
    if x < 0:
        return "-" + _es_number(-x)
    r = repr(x)  # shortest round-tripping digits, correctly rounded
    mant, _, exp = r.partition("e")
    e = int(exp) if exp else 0
    ip, _, fp = mant.partition(".")
    if fp == "0":
        fp = ""
    digits = (ip + fp).lstrip("0")
    # value = 0.<ip fp> * 10^(len(ip)+e), adjust for stripped leading zeros
    n = len(ip) + e - (len(ip + fp) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    ee = n - 1
    sign = "+" if ee >= 0 else "-"
    if k == 1:
        return f"{digits}e{sign}{abs(ee)}"
    return f"{digits[0]}.{digits[1:]}e{sign}{abs(ee)}"


_SHORT_ESC = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
              0x22: '\\"', 0x5C: "\\\\"}


def _jcs_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if c in _SHORT_ESC:
            out.append(_SHORT_ESC[c])
        elif c < 0x20:
            out.append("\\u%04x" % c)
        elif 0xD800 <= c <= 0xDFFF:
            raise ValueError("lone surrogate")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _utf16_key(s):
    return s.encode("utf-16-be", "surrogatepass")


def jcs(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return _es_number(float(v))  # JSON numbers are IEEE doubles
    if isinstance(v, float):
        return _es_number(v)
    if isinstance(v, str):
        return _jcs_string(v)
    if isinstance(v, list):
        return "[" + ",".join(jcs(x) for x in v) + "]"
    if isinstance(v, dict):
        items = sorted(v.items(), key=lambda kv: _utf16_key(kv[0]))
        return "{" + ",".join(_jcs_string(k) + ":" + jcs(x) for k, x in items) + "}"
    raise TypeError(type(v))


def jcs_bytes(v):
    return jcs(v).encode("utf-8")


# --------------------------------------------------------------------------
# Strict parse


def _pairs(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ValueError(f"duplicate member name {k!r}")
        d[k] = v
    return d


def _bad_constant(name):
    raise ValueError(f"{name} is not JSON")


def _parse_float(s):
    f = float(s)
    if f in (float("inf"), float("-inf")):
        raise ValueError(f"number {s} out of range")
    return f


def _parse_int(s):
    i = int(s)
    float(i)  # OverflowError for numbers no double can hold
    return i


def _check_surrogates(v):
    if isinstance(v, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in v):
            raise ValueError("lone surrogate in string")
    elif isinstance(v, list):
        for x in v:
            _check_surrogates(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            _check_surrogates(k)
            _check_surrogates(x)


def strict_parse(line_bytes):
    try:
        text = line_bytes.decode("utf-8")  # strict: rejects invalid UTF-8, encoded surrogates
    except UnicodeDecodeError as e:
        raise Fail("line", f"invalid UTF-8 at byte {e.start}")
    if text.startswith("\ufeff"):
        raise Fail("line", "byte order mark")
    try:
        v = json.loads(text, object_pairs_hook=_pairs, parse_constant=_bad_constant,
                       parse_float=_parse_float, parse_int=_parse_int)
        _check_surrogates(v)
    except (ValueError, OverflowError, RecursionError) as e:
        raise Fail("line", f"not strict JSON: {e}")
    try:
        canon = jcs_bytes(v)
    except (ValueError, TypeError) as e:
        raise Fail("line", f"cannot canonicalise: {e}")
    if canon != line_bytes:
        i = next((i for i in range(min(len(canon), len(line_bytes)))
                  if canon[i] != line_bytes[i]), min(len(canon), len(line_bytes)))
        raise Fail("line", f"not RFC 8785 canonical (first difference at byte {i})")
    return v


# --------------------------------------------------------------------------
# Scalars (§2.2)

RE_HASH = re.compile(r"[0-9a-f]{64}")
RE_SID = re.compile(r"[0-9a-f]{32}")
RE_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
RE_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
RE_LEDGER = re.compile(r"[a-z0-9][a-z0-9.-]{2,63}")
RE_DEPT = re.compile(r"[A-Z][A-Z0-9]{1,15}")
RE_TASK = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
RE_OFFSET = re.compile(r"([+-])([0-9]{2}):([0-9]{2})")
RE_B64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def t_obj(v, m):
    if not isinstance(v, dict):
        raise Fail(m, "must be an object")
    return v


def t_arr(v, m):
    if not isinstance(v, list):
        raise Fail(m, "must be an array")
    return v


def t_str(v, m):
    if not isinstance(v, str):
        raise Fail(m, "must be a string")
    return v


def t_re(v, m, rx, what):
    t_str(v, m)
    if not rx.fullmatch(v):
        raise Fail(m, f"not a valid {what}: {v!r}")
    return v


def t_hash(v, m):
    return t_re(v, m, RE_HASH, "hash (64 lowercase hex digits)")


def t_sid(v, m):
    return t_re(v, m, RE_SID, "statement id (32 lowercase hex digits)")


def t_ledger(v, m):
    return t_re(v, m, RE_LEDGER, "ledger id")


def t_dept(v, m):
    return t_re(v, m, RE_DEPT, "department code")


def t_task(v, m):
    return t_re(v, m, RE_TASK, "task id")


def t_int(v, m):
    if not (isinstance(v, int) and not isinstance(v, bool)) or not (0 <= v < 2 ** 53):
        raise Fail(m, "must be an integer 0 <= n < 2^53")
    return v


def t_num(v, m):
    if not is_num(v):
        raise Fail(m, "must be a number")
    return v


# Unicode White_Space property (PropList.txt). Not str.isspace(): that also
# counts U+001C..U+001F, which Unicode does not.
WHITE_SPACE = frozenset([*map(chr, range(0x09, 0x0E)), " ", "\u0085", "\u00a0", "\u1680",
                         *map(chr, range(0x2000, 0x200B)), "\u2028", "\u2029", "\u202f",
                         "\u205f", "\u3000"])


def t_text(v, m):
    t_str(v, m)
    if v == "":
        raise Fail(m, "text must not be empty")
    if v[0] in WHITE_SPACE or v[-1] in WHITE_SPACE:
        raise Fail(m, "text must not have leading or trailing white space")
    return v


def t_b64(v, m):
    t_str(v, m)
    if not RE_B64.fullmatch(v):
        raise Fail(m, "not standard padded base64")
    raw = base64.b64decode(v, validate=True)
    if base64.b64encode(raw).decode("ascii") != v:
        raise Fail(m, "base64 does not re-encode to the same text")
    return raw


def valid_ymd(y, mo, d):
    """Proleptic Gregorian calendar, years 0000-9999 (ISO 8601 has a year 0000)."""
    if not 1 <= mo <= 12 or d < 1:
        return False
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return d <= (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[mo - 1]


def t_time(v, m):
    t_str(v, m)
    mt = RE_TIME.fullmatch(v)
    if not mt or len(v) != 20:
        raise Fail(m, f"not a time YYYY-MM-DDTHH:MM:SSZ: {v!r}")
    y, mo, d, hh, mi, ss = map(int, mt.groups())
    if not valid_ymd(y, mo, d) or hh > 23 or mi > 59 or ss > 59:
        raise Fail(m, f"not a valid time: {v!r}")
    return v


def t_date(v, m):
    t_str(v, m)
    mt = RE_DATE.fullmatch(v)
    if not mt:
        raise Fail(m, f"not a date YYYY-MM-DD: {v!r}")
    if not valid_ymd(*map(int, mt.groups())):
        raise Fail(m, f"not a valid Gregorian date: {v!r}")
    return v


def t_offset(v, m):
    t_str(v, m)
    mt = RE_OFFSET.fullmatch(v)
    if not mt or int(mt.group(2)) > 14 or int(mt.group(3)) > 59:
        raise Fail(m, f"not a UTC offset +HH:MM (hours <= 14): {v!r}")
    return v


# --------------------------------------------------------------------------
# Keys (§2.3)

OID_ED25519 = bytes.fromhex("2b6570")                  # 1.3.101.112
OID_EC_PUBLIC_KEY = bytes.fromhex("2a8648ce3d0201")      # 1.2.840.10045.2.1
OID_SM2_CURVE = bytes.fromhex("2a811ccf5501822d")        # 1.2.156.10197.1.301


def _der_tlv(buf, i, end):
    """One DER TLV at buf[i:end]: (tag, content start, content end). Definite, minimal lengths."""
    if i + 2 > end:
        raise ValueError("truncated")
    tag, ln = buf[i], buf[i + 1]
    i += 2
    if ln & 0x80:
        nb = ln & 0x7F
        if nb == 0 or nb > 2 or i + nb > end or buf[i] == 0:
            raise ValueError("bad length")
        ln = int.from_bytes(buf[i:i + nb], "big")
        if ln < 0x80:
            raise ValueError("non-minimal length")
        i += nb
    if i + ln > end:
        raise ValueError("truncated")
    return tag, i, i + ln


def spki_alg(der):
    """Algorithm named by a DER SubjectPublicKeyInfo: 'ed25519', 'sm2', 'other' or None (not an SPKI)."""
    try:
        tag, a, b = _der_tlv(der, 0, len(der))
        if tag != 0x30 or b != len(der):
            return None
        tag, aa, ab = _der_tlv(der, a, b)            # AlgorithmIdentifier
        if tag != 0x30:
            return None
        tag, oa, ob = _der_tlv(der, aa, ab)
        if tag != 0x06:
            return None
        oid = der[oa:ob]
        params = None
        if ob < ab:
            ptag, pa, pb = _der_tlv(der, ob, ab)
            if pb != ab:
                return None
            params = (ptag, der[pa:pb])
        tag, ka, kb = _der_tlv(der, ab, b)           # subjectPublicKey BIT STRING
        if tag != 0x03 or kb != b or kb - ka < 2 or der[ka] != 0:
            return None
    except ValueError:
        return None
    if oid == OID_ED25519 and params is None:
        return "ed25519"
    if oid == OID_EC_PUBLIC_KEY and params == (0x06, OID_SM2_CURVE):
        return "sm2"
    return "other"


_KEY_LOADS = {}


def key_loads(der):
    """Does a standard crypto library (openssl) accept these bytes as a public key?"""
    if der not in _KEY_LOADS:
        r = subprocess.run(["openssl", "pkey", "-pubin", "-inform", "DER", "-noout"],
                           input=der, capture_output=True)
        _KEY_LOADS[der] = r.returncode == 0
    return _KEY_LOADS[der]


SUITE_ALG = {"ed25519-sha256": "ed25519", "sm2-sm3": "sm2"}


def t_spki(v, m):
    der = t_b64(v, m)
    alg = spki_alg(der)
    if alg is None:
        raise Fail(m, "not a DER SubjectPublicKeyInfo")
    # §2.3: one encoding per key (Ed25519's 44-byte SPKI; SM2's 91-byte SPKI with an uncompressed point).
    if alg == "ed25519" and len(der) != 44 or alg == "sm2" and (len(der) != 91 or der[26] != 0x04):
        raise Fail(m, "public key must be the uncompressed SubjectPublicKeyInfo")
    # §2.3: an Ed25519 key of small order, or whose y is not below p, fails (OpenSSL loads them).
    if alg == "ed25519" and len(der) == 44:
        y = int.from_bytes(der[12:], "little") & ((1 << 255) - 1)
        if y >= ED25519_P or y in ED25519_SMALL_ORDER_Y:
            raise Fail(m, "Ed25519 public key of small order or with a non-canonical encoding")
    if not key_loads(der):
        raise Fail(m, "not a usable public key (openssl cannot load it)")
    return der


ED25519_P = (1 << 255) - 19
# The y coordinates of the points of order 1, 2, 4 and 8 (RFC 8032 encoding, sign bit masked).
ED25519_SMALL_ORDER_Y = {
    0, 1, ED25519_P - 1,
    2707385501144840649318225287225658788936804267575313519463743609750303402022,
    55188659117513257062467267217118295137698188065244968500265048394206261417927,
}


def hash_fn(suite):
    if suite == "ed25519-sha256":
        return lambda b: hashlib.sha256(b).digest()
    try:
        hashlib.new("sm3")
        return lambda b: hashlib.new("sm3", b).digest()
    except ValueError:
        def sm3(b):
            return subprocess.run(["openssl", "dgst", "-sm3", "-binary"], input=b,
                                  capture_output=True, check=True).stdout
        return sm3


# --------------------------------------------------------------------------
# Members (§3.1, §4, §5)

RECORD_MEMBERS = {"v", "seq", "prev", "accepted", "statement", "sealer", "seal"}
STATEMENT_MEMBERS = {"ledger", "id", "time", "by", "key", "type", "body", "sig"}
WORKFLOW_TYPES = {"lead-designated", "close-requested", "close-approved", "close-returned", "reopened",
                  "extension-requested", "extension-approved", "extension-refused"}           # §5.5
FINDING_TYPES = {"finding-opened", "finding-rectified", "finding-closed", "finding-kept-open"}  # §5.6
OWNER_TYPES = {"indicator-owner-designated"}                                                   # §5.7
TASK_TYPES = {"assigned", "progress", "completed", "delayed"} | WORKFLOW_TYPES
REGISTRY_TYPES = {"key-enrolled", "key-rotated", "key-revoked"}
OPERATOR_TYPES = REGISTRY_TYPES | {"plan", "assigned", "lead-designated", "close-approved", "close-returned",
                                   "reopened", "extension-approved", "extension-refused",
                                   "indicator-owner-designated"}
REPORT_TYPES = {"progress", "completed", "delayed", "extension-requested"}
ALL_TYPES = {"genesis", "plan"} | REGISTRY_TYPES | TASK_TYPES | FINDING_TYPES | OWNER_TYPES
V1_ONLY = {"completed", "delayed"}
V2_ONLY = WORKFLOW_TYPES | FINDING_TYPES | OWNER_TYPES
SEVERITIES = {"general", "serious", "severe"}
# §2.4, version 2 only
MAX_STRING_BYTES = 4096
MAX_ARRAY = 256
MAX_STATEMENT_BYTES = 61440
MAX_RECORD_BYTES = 65536
COMPARATORS = {">=", ">", "~", "=", "<="}
ROLES = {"operator", "department", "inspector"}


def exact(obj, m, required, optional=()):
    keys = set(obj)
    for k in sorted(required - keys):
        raise Fail(f"{m}.{k}" if m else k, "missing member")
    for k in sorted(keys - set(required) - set(optional)):
        raise Fail(f"{m}.{k}" if m else k, "unknown member")


def check_target(t, m, with_scope):
    t_obj(t, m)
    req = {"metric", "value", "unit", "comparator"} | ({"scope"} if with_scope else set())
    exact(t, m, req)
    t_text(t["metric"], m + ".metric")
    t_num(t["value"], m + ".value")
    t_text(t["unit"], m + ".unit")
    if t["comparator"] not in COMPARATORS:
        raise Fail(m + ".comparator", f"not one of {sorted(COMPARATORS)}")
    if with_scope:
        t_str(t["scope"], m + ".scope")


def check_limits(v, m):
    """§2.4: every string and array anywhere in a version 2 body."""
    if isinstance(v, str):
        n = len(v.encode("utf-8"))
        if n > MAX_STRING_BYTES:
            raise Fail(m, f"string of {n} bytes exceeds {MAX_STRING_BYTES}")
    elif isinstance(v, list):
        if len(v) > MAX_ARRAY:
            raise Fail(m, f"array of {len(v)} elements exceeds {MAX_ARRAY}")
        for i, x in enumerate(v):
            check_limits(x, f"{m}[{i}]")
    elif isinstance(v, dict):
        for k in sorted(v):
            check_limits(v[k], f"{m}.{k}")


def check_evidence(b, m):
    ev = t_arr(b["evidence"], m + ".evidence")
    if not ev:
        raise Fail(m + ".evidence", "must be non-empty")
    for i, x in enumerate(ev):
        xm = f"{m}.evidence[{i}]"
        t_obj(x, xm)
        exact(x, xm, {"name", "digest"})
        t_text(x["name"], xm + ".name")
        t_hash(x["digest"], xm + ".digest")


def check_body(typ, b, m):
    """Members, types and values of a body (§5); stateless."""
    t_obj(b, m)
    if typ in ("close-requested",):
        exact(b, m, {"evidence"}, {"note"})
        check_evidence(b, m)
        if "note" in b:
            t_text(b["note"], m + ".note")
        return
    if typ == "lead-designated":
        exact(b, m, {"dept"})
        t_dept(b["dept"], m + ".dept")
        return
    if typ == "indicator-owner-designated":
        exact(b, m, {"scope", "metric", "dept"})
        t_text(b["scope"], m + ".scope")
        t_text(b["metric"], m + ".metric")
        t_dept(b["dept"], m + ".dept")
        return
    if typ == "close-approved":
        exact(b, m, {"note"})
        t_text(b["note"], m + ".note")
        return
    if typ in ("close-returned", "reopened", "extension-refused"):
        exact(b, m, {"reason"})
        t_text(b["reason"], m + ".reason")
        return
    if typ == "extension-requested":
        exact(b, m, {"reason", "until"})
        t_text(b["reason"], m + ".reason")
        t_date(b["until"], m + ".until")
        return
    if typ == "extension-approved":
        exact(b, m, set(), {"note"})
        if "note" in b:
            t_text(b["note"], m + ".note")
        return
    if typ == "finding-opened":
        exact(b, m, {"text", "severity", "deadline"}, {"task", "dept"})
        if ("task" in b) == ("dept" in b):
            raise Fail(m + ".task", "exactly one of task and dept")
        if "task" in b:
            t_task(b["task"], m + ".task")
        else:
            t_dept(b["dept"], m + ".dept")
        t_text(b["text"], m + ".text")
        if b["severity"] not in SEVERITIES:
            raise Fail(m + ".severity", f"not one of {sorted(SEVERITIES)}")
        t_date(b["deadline"], m + ".deadline")
        return
    if typ == "finding-rectified":
        exact(b, m, {"finding", "evidence", "note"})
        t_sid(b["finding"], m + ".finding")
        check_evidence(b, m)
        t_text(b["note"], m + ".note")
        return
    if typ in ("finding-closed", "finding-kept-open"):
        word = "note" if typ == "finding-closed" else "reason"
        exact(b, m, {"finding", word})
        t_sid(b["finding"], m + ".finding")
        t_text(b[word], m + "." + word)
        return
    if typ == "genesis":
        exact(b, m, {"suite", "title", "utcOffset", "dept", "name", "key"})
        if b["suite"] not in SUITE_ALG:
            raise Fail(m + ".suite", "must be sm2-sm3 or ed25519-sha256")
        t_text(b["title"], m + ".title")
        t_offset(b["utcOffset"], m + ".utcOffset")
        t_dept(b["dept"], m + ".dept")
        t_text(b["name"], m + ".name")
        t_spki(b["key"], m + ".key")
    elif typ == "key-enrolled":
        exact(b, m, {"dept", "name", "role", "key"})
        t_dept(b["dept"], m + ".dept")
        t_text(b["name"], m + ".name")
        if b["role"] not in ROLES:
            raise Fail(m + ".role", "must be operator, department or inspector")
        t_spki(b["key"], m + ".key")
    elif typ == "key-rotated":
        exact(b, m, {"old", "key"})
        t_hash(b["old"], m + ".old")
        t_spki(b["key"], m + ".key")
    elif typ == "key-revoked":
        exact(b, m, {"key", "reason"})
        t_hash(b["key"], m + ".key")
        t_text(b["reason"], m + ".reason")
    elif typ == "plan":
        exact(b, m, {"title", "sections", "targets"})
        t_text(b["title"], m + ".title")
        ids = set()
        for i, s in enumerate(t_arr(b["sections"], m + ".sections")):
            sm = f"{m}.sections[{i}]"
            t_obj(s, sm)
            exact(s, sm, {"id", "title"})
            t_text(s["id"], sm + ".id")
            if s["id"] in ids or s["id"] == "headline":
                raise Fail(sm + ".id", "section ids must be unique and not headline")
            t_text(s["title"], sm + ".title")
            ids.add(s["id"])
        for i, t in enumerate(t_arr(b["targets"], m + ".targets")):
            tm = f"{m}.targets[{i}]"
            check_target(t, tm, True)
            if t["scope"] != "headline" and t["scope"] not in ids:
                raise Fail(tm + ".scope", "must be headline or a section id of this plan")
    elif typ == "assigned":
        exact(b, m, {"title", "lead", "co", "deadline", "targets"}, {"section"})
        t_text(b["title"], m + ".title")
        if "section" in b:
            t_text(b["section"], m + ".section")
        for who in ("lead", "co"):
            for i, c in enumerate(t_arr(b[who], f"{m}.{who}")):
                t_dept(c, f"{m}.{who}[{i}]")
        t_date(b["deadline"], m + ".deadline")
        for i, t in enumerate(t_arr(b["targets"], m + ".targets")):
            check_target(t, f"{m}.targets[{i}]", False)
    elif typ == "progress":
        exact(b, m, {"percent"}, {"metrics", "note"})
        p = t_num(b["percent"], m + ".percent")
        if not (0 <= p <= 100):
            raise Fail(m + ".percent", "must be 0 <= p <= 100")
        if "metrics" in b:
            ms = t_arr(b["metrics"], m + ".metrics")
            if not ms:
                raise Fail(m + ".metrics", "must be non-empty when present")
            for i, x in enumerate(ms):
                xm = f"{m}.metrics[{i}]"
                t_obj(x, xm)
                exact(x, xm, {"metric", "value", "unit"})
                t_text(x["metric"], xm + ".metric")
                t_num(x["value"], xm + ".value")
                t_text(x["unit"], xm + ".unit")
        if "note" in b:
            t_text(b["note"], m + ".note")
    elif typ == "completed":
        exact(b, m, {"evidence"}, {"note"})
        check_evidence(b, m)
        if "note" in b:
            t_text(b["note"], m + ".note")
    elif typ == "delayed":
        exact(b, m, {"reason", "until"})
        t_text(b["reason"], m + ".reason")
        t_date(b["until"], m + ".until")
    else:  # pragma: no cover - filtered by caller
        raise Fail("statement.type", f"unknown event type {typ!r}")


def check_shape(rec):
    """§6 step 1 after parsing: record, statement and body members, types and values."""
    t_obj(rec, "record")
    exact(rec, "", RECORD_MEMBERS)
    v = rec["v"]
    if not (isinstance(v, int) and not isinstance(v, bool)):
        raise Fail("v", "must be an integer")
    if v not in (1, 2):
        raise Fail("v", f"unknown format version {v}")
    t_int(rec["seq"], "seq")
    t_hash(rec["prev"], "prev")
    t_time(rec["accepted"], "accepted")
    st = t_obj(rec["statement"], "statement")
    t_hash(rec["sealer"], "sealer")
    t_b64(rec["seal"], "seal")
    typ = st.get("type")
    if "type" in st:
        t_str(typ, "statement.type")
        if typ not in ALL_TYPES:
            raise Fail("statement.type", f"unknown event type {typ!r}")
        if (v == 1 and typ in V2_ONLY) or (v == 2 and typ in V1_ONLY):
            raise Fail("statement.type", f"{typ} is not allowed in a version {v} record")
    exact(st, "statement", STATEMENT_MEMBERS, {"task"} if typ in TASK_TYPES else ())
    if typ in TASK_TYPES and "task" not in st:
        raise Fail("statement.task", "missing member")
    t_ledger(st["ledger"], "statement.ledger")
    t_sid(st["id"], "statement.id")
    t_time(st["time"], "statement.time")
    t_dept(st["by"], "statement.by")
    t_hash(st["key"], "statement.key")
    if "task" in st:
        t_task(st["task"], "statement.task")
    check_body(typ, st["body"], "statement.body")
    t_b64(st["sig"], "statement.sig")
    if v == 2:
        check_limits(st["body"], "statement.body")
        n = len(jcs_bytes(st))
        if n > MAX_STATEMENT_BYTES:
            raise Fail("statement", f"{n} bytes exceeds {MAX_STATEMENT_BYTES}")


# --------------------------------------------------------------------------
# Signatures


class SigChecker:
    def __init__(self, suite):
        self.alg = SUITE_ALG[suite]
        self.dir = tempfile.mkdtemp(prefix="iv-")
        self.pems = {}
        self.n = 0

    def pem(self, kid, der):
        if kid not in self.pems:
            p = os.path.join(self.dir, f"k-{kid}.pem")
            b = base64.encodebytes(der).decode("ascii")
            with open(p, "w") as f:
                f.write("-----BEGIN PUBLIC KEY-----\n" + b + "-----END PUBLIC KEY-----\n")
            self.pems[kid] = p
        return self.pems[kid]

    def prepare(self, kid, der, msg, sig):
        """Write the files for one verification; returns a job."""
        self.n += 1
        mp = os.path.join(self.dir, f"m{self.n}.bin")
        sp = os.path.join(self.dir, f"s{self.n}.bin")
        with open(mp, "wb") as f:
            f.write(msg)
        with open(sp, "wb") as f:
            f.write(sig)
        cmd = ["openssl", "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", self.pem(kid, der),
               "-in", mp, "-sigfile", sp]
        if self.alg == "sm2":
            cmd[3:3] = ["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"]
        return cmd

    @staticmethod
    def run(cmd):
        r = subprocess.run(cmd, capture_output=True)
        return r.returncode == 0 and b"Signature Verified Successfully" in r.stdout

    def cleanup(self):
        for f in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, f))
        os.rmdir(self.dir)


# --------------------------------------------------------------------------
# Verification (§6)

STATEMENT_PREFIX = b"accountability-ledger/statement/v1\n"
RECORD_PREFIX = b"accountability-ledger/record/v1\n"
ZERO_HASH = "0" * 64


class State:
    def __init__(self):
        self.genesis = None      # genesis statement
        self.suite = None
        self.H = None
        self.ids = set()         # statement ids seen
        self.keys = {}           # kid -> {der, dept, role, status}
        self.dept_names = {}     # dept -> first enrolled name
        self.tasks = {}          # task id -> (lead list, co list)
        self.designated = {}     # task id -> dept designated to apply for closing (§5.5)
        self.findings = {}       # finding id -> (inspector dept, ("task"|"dept", value)) (§5.6)
        self.prev_v = 1
        self.prev_hash = ZERO_HASH
        self.prev_accepted = None

    def active_operators(self):
        return [k for k, i in self.keys.items() if i["role"] == "operator" and i["status"] == "active"]


def check_record(n, line, S, sig_jobs, checker_holder):
    # 1. parse, canonical, shape
    rec = strict_parse(line)
    check_shape(rec)
    if rec["v"] == 2 and len(line) > MAX_RECORD_BYTES:
        raise Fail("record", f"line of {len(line)} bytes exceeds {MAX_RECORD_BYTES}")
    st = rec["statement"]
    typ = st["type"]
    body = st["body"]

    if n == 0 and typ == "genesis":  # the suite is needed for the record hash chain
        S.suite = body["suite"]
        S.H = hash_fn(S.suite)

    # 2. seq / prev / accepted
    if rec["seq"] != n:
        raise Fail("seq", f"is {rec['seq']}, expected {n}")
    if rec["prev"] != S.prev_hash:
        raise Fail("prev", f"does not equal the previous record's hash {S.prev_hash}")
    if rec["v"] < S.prev_v:
        raise Fail("v", f"version {rec['v']} after a version {S.prev_v} record")
    if S.prev_accepted is not None and rec["accepted"] < S.prev_accepted:
        raise Fail("accepted", f"earlier than the previous record's accepted {S.prev_accepted}")

    # 3. genesis position, suite / key algorithm
    if (n == 0) != (typ == "genesis"):
        raise Fail("statement.type", "record 0 must be genesis" if n == 0
                   else "genesis is allowed only at record 0")
    if n == 0:
        gder = base64.b64decode(body["key"])
        if spki_alg(gder) != SUITE_ALG[S.suite]:
            raise Fail("statement.body.key", f"key algorithm does not match suite {S.suite}")

    # 4. ledger id, statement id
    gledger = st["ledger"] if n == 0 else S.genesis["ledger"]
    if st["ledger"] != gledger:
        raise Fail("statement.ledger", f"is {st['ledger']!r}, the ledger is {gledger!r}")
    if st["id"] in S.ids:
        raise Fail("statement.id", "statement id already used in this ledger")

    # 5. signing key
    if n == 0:
        gkid = S.H(gder).hex()
        if st["key"] != gkid:
            raise Fail("statement.key", "is not the key id of the genesis key")
        if st["by"] != body["dept"]:
            raise Fail("statement.by", "must equal the genesis dept")
        signer = {"der": gder, "dept": body["dept"], "role": "operator", "status": "active"}
    else:
        signer = S.keys.get(st["key"])
        if signer is None:
            raise Fail("statement.key", "key is not enrolled")
        if signer["status"] != "active":
            raise Fail("statement.key", f"key is {signer['status']}")
        if signer["dept"] != st["by"]:
            raise Fail("statement.by", f"the key is enrolled for {signer['dept']}, not {st['by']}")

    # 6. sealer
    if n == 0:
        if rec["sealer"] != gkid:
            raise Fail("sealer", "record 0 must be sealed by the genesis key")
        sealer = signer
    else:
        sealer = S.keys.get(rec["sealer"])
        if sealer is None:
            raise Fail("sealer", "sealer key is not enrolled")
        if sealer["role"] != "operator":
            raise Fail("sealer", f"sealer key has role {sealer['role']}, not operator")
        if sealer["status"] != "active":
            raise Fail("sealer", f"sealer key is {sealer['status']}")

    # 7. authority
    if typ in OPERATOR_TYPES:
        if signer["role"] != "operator":
            raise Fail("statement.key", f"{typ} needs an operator key, not {signer['role']}")
    if typ in REPORT_TYPES:
        if signer["role"] != "department":
            raise Fail("statement.key", f"{typ} needs a department key, not {signer['role']}")
    if typ in TASK_TYPES:
        task = st["task"]
        if typ == "assigned":
            if task in S.tasks:
                raise Fail("statement.task", f"task {task!r} was already assigned")
        else:
            if task not in S.tasks:
                raise Fail("statement.task", f"task {task!r} has not been assigned")
            lead, co = S.tasks[task]
            if typ in REPORT_TYPES and st["by"] not in lead + co:
                raise Fail("statement.by", f"{st['by']} is not responsible for task {task!r}")
            if typ == "close-requested":
                if signer["role"] != "department":
                    raise Fail("statement.key", f"{typ} needs a department key, not {signer['role']}")
                applicants = lead if lead else ([S.designated[task]] if task in S.designated else co)
                if st["by"] not in applicants:
                    raise Fail("statement.by", f"{st['by']} may not apply to close task {task!r}")
    if typ == "finding-opened":
        if signer["role"] != "inspector":
            raise Fail("statement.key", f"{typ} needs an inspector key, not {signer['role']}")
        if "task" in body and body["task"] not in S.tasks:
            raise Fail("statement.body.task", f"task {body['task']!r} has not been assigned")
        if "dept" in body and body["dept"] not in S.dept_names:
            raise Fail("statement.body.dept", f"{body['dept']} is not enrolled")
    elif typ in FINDING_TYPES:
        f = S.findings.get(body["finding"])
        if f is None:
            raise Fail("statement.body.finding", "no finding was opened by that statement id")
        inspector, (kind, what) = f
        if typ == "finding-rectified":
            if signer["role"] != "department":
                raise Fail("statement.key", f"{typ} needs a department key, not {signer['role']}")
            answerable = [what] if kind == "dept" else S.tasks[what][0] + S.tasks[what][1]
            if st["by"] not in answerable:
                raise Fail("statement.by", f"{st['by']} is not answerable for the finding")
        else:
            if signer["role"] != "inspector" or st["by"] != inspector:
                raise Fail("statement.by", f"only an inspector key of {inspector} may decide the finding")

    # 8. registry / assignment rules
    alg = SUITE_ALG[S.suite]
    new_kid = None
    if typ in ("key-enrolled", "key-rotated"):
        der = base64.b64decode(body["key"])
        if spki_alg(der) != alg:
            raise Fail("statement.body.key", f"key is not of the ledger's suite {S.suite}")
        new_kid = S.H(der).hex()
        if new_kid in S.keys:
            raise Fail("statement.body.key", "key was enrolled before")
    if typ == "key-enrolled":
        first = S.dept_names.get(body["dept"])
        if first is not None and first != body["name"]:
            raise Fail("statement.body.name",
                       f"{body['dept']} was first enrolled as {first!r}")
    elif typ == "key-rotated":
        old = S.keys.get(body["old"])
        if old is None:
            raise Fail("statement.body.old", "key is not enrolled")
        if old["status"] != "active":
            raise Fail("statement.body.old", f"key is {old['status']}")
    elif typ == "key-revoked":
        k = S.keys.get(body["key"])
        if k is None:
            raise Fail("statement.body.key", "key is not enrolled")
        if k["status"] != "active":
            raise Fail("statement.body.key", f"key is {k['status']}")
        if k["role"] == "operator" and S.active_operators() == [body["key"]]:
            raise Fail("statement.body.key", "the last active operator key must not be revoked")
    elif typ == "lead-designated":
        lead, co = S.tasks[st["task"]]
        if lead:
            raise Fail("statement.task", "the task names lead units; none may be designated")
        if body["dept"] not in co:
            raise Fail("statement.body.dept", f"{body['dept']} is not a responsible unit of the task")
    elif typ == "indicator-owner-designated":
        # §5.7: the owner must be enrolled; whether the plan has the indicator is §7, not §6
        if body["dept"] not in S.dept_names:
            raise Fail("statement.body.dept", f"{body['dept']} is not enrolled")
    elif typ == "assigned":
        lead, co = body["lead"], body["co"]
        if not lead and not co:
            raise Fail("statement.body.lead", "lead ∪ co must be non-empty")
        for who, arr in (("lead", lead), ("co", co)):
            seen = set()
            for i, c in enumerate(arr):
                if c in seen:
                    raise Fail(f"statement.body.{who}[{i}]", f"{c} appears twice in {who}")
                seen.add(c)
        for i, c in enumerate(co):
            if c in lead:
                raise Fail(f"statement.body.co[{i}]", f"{c} appears in both lead and co")
        for who, arr in (("lead", lead), ("co", co)):
            for i, c in enumerate(arr):
                if c not in S.dept_names:
                    raise Fail(f"statement.body.{who}[{i}]", f"department {c} is not enrolled")

    # 9. signatures: queued; checked (in record order, sig before seal) by the caller
    if checker_holder[0] is None:
        checker_holder[0] = SigChecker(S.suite)
    ck = checker_holder[0]
    st_wo = {k: v for k, v in st.items() if k != "sig"}
    rec_wo = {k: v for k, v in rec.items() if k != "seal"}
    sig_jobs.append((n, "statement.sig",
                     ck.prepare(st["key"], signer["der"], STATEMENT_PREFIX + jcs_bytes(st_wo),
                                base64.b64decode(st["sig"]))))
    sig_jobs.append((n, "seal",
                     ck.prepare(rec["sealer"], sealer["der"], RECORD_PREFIX + jcs_bytes(rec_wo),
                                base64.b64decode(rec["seal"]))))

    # apply
    h = S.H(b"\x00" + line).hex()
    if n == 0:
        S.genesis = st
        S.keys[gkid] = signer
        S.dept_names[body["dept"]] = body["name"]
    S.ids.add(st["id"])
    if typ == "key-enrolled":
        S.keys[new_kid] = {"der": der, "dept": body["dept"], "role": body["role"], "status": "active"}
        S.dept_names.setdefault(body["dept"], body["name"])
    elif typ == "key-rotated":
        old = S.keys[body["old"]]
        S.keys[new_kid] = {"der": der, "dept": old["dept"], "role": old["role"], "status": "active"}
        old["status"] = "rotated"
    elif typ == "key-revoked":
        S.keys[body["key"]]["status"] = "revoked"
    elif typ == "assigned":
        S.tasks[st["task"]] = (list(body["lead"]), list(body["co"]))
    elif typ == "lead-designated":
        S.designated[st["task"]] = body["dept"]
    elif typ == "finding-opened":
        subject = ("task", body["task"]) if "task" in body else ("dept", body["dept"])
        S.findings[st["id"]] = (st["by"], subject)
    S.prev_v = rec["v"]
    S.prev_hash = h
    S.prev_accepted = rec["accepted"]
    return h


def verify(data, anchor=None, on_record=None):
    """Returns (ok, message). on_record(n, S, hashes) is called after each record's structural checks."""
    lines = data.split(b"\n")
    torn = lines.pop()  # bytes after the last 0x0A (b"" when the file ends with 0x0A)
    S = State()
    sig_jobs = []
    holder = [None]
    hashes = []
    failure = None  # (n, member, reason) for the first structural failure
    for n, line in enumerate(lines):
        try:
            hashes.append(check_record(n, line, S, sig_jobs, holder))
            if on_record is not None:
                on_record(n, S, hashes)
        except Fail as f:
            failure = (n, f.member, f.reason)
            break
    try:
        if sig_jobs:
            workers = min(32, (os.cpu_count() or 2) * 2)
            with ThreadPoolExecutor(max_workers=workers) as ex:
                results = list(ex.map(SigChecker.run, [j[2] for j in sig_jobs]))
            for (n, member, _), ok in zip(sig_jobs, results):
                if not ok:
                    what = "statement signature" if member == "statement.sig" else "seal"
                    failure = (n, member, f"{what} does not verify")
                    break  # jobs are in record order, sig before seal
    finally:
        if holder[0] is not None:
            holder[0].cleanup()
    if failure:
        return False, f"FAIL record {failure[0]}: {failure[1]}: {failure[2]}"
    if torn:
        return False, (f"FAIL record {len(lines)}: line: torn tail of {len(torn)} bytes "
                       f"(file does not end with 0x0A)")
    if not lines:
        return False, "FAIL record 0: line: empty log (record 0 must be genesis)"
    if anchor is not None and anchor not in hashes:
        return False, (f"FAIL record {len(lines)}: --anchor: no verified record has hash {anchor}")
    return True, f"OK {len(lines)} records, head {hashes[-1]}"


# --------------------------------------------------------------------------
# Checkpoints, proofs, cosignatures and bundles (§12)

ORIGIN_PREFIX = "accountability-ledger/"
NOTE_TYPE = {"ed25519-sha256": b"\x01", "sm2-sm3": b"\xff" + b"accountability-ledger/sm2-sm3/note"}
COSIG_TYPE = {"ed25519-sha256": b"\x04", "sm2-sm3": b"\xff" + b"accountability-ledger/sm2-sm3/cosignature"}
BUNDLE_FORMAT = "accountability-ledger/bundle/v1"


class Reject(Exception):
    pass


def b64_exact(text, what, size=None):
    """Canonical padded base64 only (§2.2)."""
    try:
        raw = base64.b64decode(text, validate=True)
    except Exception:
        raise Reject(f"{what} is not base64")
    if base64.b64encode(raw).decode("ascii") != text or (size is not None and len(raw) != size):
        raise Reject(f"{what} is not the base64 of {size if size else 'its'} bytes")
    return raw


class Tree:
    """RFC 9162 hashing with the suite's H (§12.1)."""

    def __init__(self, suite):
        self.H = hash_fn(suite)

    def leaf(self, data):
        return self.H(b"\x00" + data)

    def node(self, l, r):
        return self.H(b"\x01" + l + r)

    def root(self, leaves):
        peaks = []  # (size, hash), largest first
        for h in leaves:
            size = 1
            while peaks and peaks[-1][0] == size:
                h = self.node(peaks.pop()[1], h)
                size *= 2
            peaks.append((size, h))
        if not peaks:
            return self.H(b"")
        h = peaks[-1][1]
        for _, p in reversed(peaks[:-1]):
            h = self.node(p, h)
        return h

    def verify_inclusion(self, index, size, leaf, proof, root):
        """RFC 9162 §2.1.3.2."""
        if any(len(p) != 32 for p in proof) or len(root) != 32 or len(leaf) != 32:
            raise Reject("a hash is not 32 bytes")
        if index < 0 or index >= size:
            raise Reject(f"index {index} is not below the tree size {size}")
        fn, sn, r = index, size - 1, leaf
        for p in proof:
            if sn == 0:
                raise Reject("the inclusion proof is too long")
            if fn & 1 or fn == sn:
                r = self.node(p, r)
                if not fn & 1:
                    while not fn & 1 and fn != 0:
                        fn >>= 1
                        sn >>= 1
            else:
                r = self.node(r, p)
            fn >>= 1
            sn >>= 1
        if sn != 0 or r != root:
            raise Reject(f"the inclusion proof of leaf {index} does not lead to the root of {size} leaves")

    def verify_consistency(self, old, new, proof, old_root, new_root):
        """RFC 9162 §2.1.4.2, with FORMAT.md §12.1's stricter rules."""
        if any(len(p) != 32 for p in proof) or len(old_root) != 32 or len(new_root) != 32:
            raise Reject("a hash is not 32 bytes")
        if old < 0 or old > new:
            raise Reject(f"the old size {old} is above the new size {new}")
        if old == 0:
            if proof or old_root != self.H(b""):
                raise Reject("a proof from the empty tree is empty and its root is H('')")
            return
        if old == new:
            if proof or old_root != new_root:
                raise Reject("a proof between equal sizes is empty and the roots are equal")
            return
        if not proof:
            raise Reject("the consistency proof is empty")
        path = list(proof)
        if old & (old - 1) == 0:
            path.insert(0, old_root)
        fn, sn = old - 1, new - 1
        while fn & 1:
            fn >>= 1
            sn >>= 1
        fr = sr = path[0]
        for c in path[1:]:
            if sn == 0:
                raise Reject("the consistency proof is too long")
            if fn & 1 or fn == sn:
                fr = self.node(c, fr)
                sr = self.node(c, sr)
                if not fn & 1:
                    while not fn & 1 and fn != 0:
                        fn >>= 1
                        sn >>= 1
            else:
                sr = self.node(sr, c)
            fn >>= 1
            sn >>= 1
        if sn != 0 or fr != old_root or sr != new_root:
            raise Reject(f"the tree of {old} leaves is not a prefix of the tree of {new}")


def parse_note(data):
    """C2SP signed note: (text, [(name, key id bytes, payload)])."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise Reject("the note is not UTF-8")
    if any(b < 0x20 and b != 0x0A for b in data) or not data.endswith(b"\n"):
        raise Reject("the note has a control character or does not end with a newline")
    split = data.rfind(b"\n\n")
    if split < 0:
        raise Reject("the note has no blank line before its signatures")
    text = data[:split + 1]
    lines = data[split + 2:].split(b"\n")[:-1]
    if not lines or len(lines) > 100:
        raise Reject("the note has no signature line, or more than 100")
    sigs = []
    for line in lines:
        if not line.startswith("\u2014 ".encode()):
            raise Reject("a signature line does not start with an em dash and a space")
        rest = line[4:].decode()
        name, _, b64 = rest.partition(" ")
        if not name or "+" in name or not b64:
            raise Reject("a signature line has no key name or signature")
        raw = b64_exact(b64, "a signature")
        if len(raw) <= 4:
            raise Reject("a signature line is too short")
        sigs.append((name, raw[:4], raw[4:]))
    return text, sigs


def parse_checkpoint(text):
    lines = text[:-1].split(b"\n")
    if len(lines) < 3 or not lines[0] or any(not l for l in lines[3:]):
        raise Reject("the checkpoint body does not have an origin, a size and a root hash")
    size = lines[1].decode()
    if not re.fullmatch(r"0|[1-9][0-9]{0,17}", size):
        raise Reject("the tree size is not a decimal number without leading zeros")
    return lines[0].decode(), int(size), b64_exact(lines[2].decode(), "the root hash", 32)


def key_material(suite, der):
    return der[-32:] if suite == "ed25519-sha256" else der


def key_id(name, type_id, material):
    return hashlib.sha256(name.encode() + b"\n" + type_id + material).digest()[:4]


class NoteChecker:
    """Checks note signatures and cosignatures with the openssl command."""

    def __init__(self, suite):
        self.suite = suite
        self.ck = SigChecker(suite)

    def verify(self, der, msg, sig):
        return SigChecker.run(self.ck.prepare(hashlib.sha256(der).hexdigest(), der, msg, sig))

    def signed_by(self, text, sigs, name, keys):
        """Key ids (FORMAT.md §2.3, hex) of `keys` (list of SPKI DER) whose note signature verifies; a
        signature by a listed key that does not verify rejects the note (C2SP)."""
        good = []
        for der in keys:
            kid = key_id(name, NOTE_TYPE[self.suite], key_material(self.suite, der))
            for n, k, payload in sigs:
                if n == name and k == kid:
                    if not self.verify(der, text, payload):
                        raise Reject(f"the signature of {name} does not verify")
                    good.append(hash_fn(self.suite)(der).hex())
        return good

    def cosigned_by(self, text, sigs, cosigners):
        """[(dept, key id hex, time)] for cosignatures by `cosigners` [(name, dept, der)]; a cosignature
        by one of them that does not verify rejects the note."""
        found = []
        for name, dept, der in cosigners:
            kid = key_id(name, COSIG_TYPE[self.suite], key_material(self.suite, der))
            for n, k, payload in sigs:
                if n == name and k == kid:
                    if len(payload) <= 8:
                        raise Reject(f"the cosignature of {name} has no timestamp")
                    t = int.from_bytes(payload[:8], "big")
                    msg = b"cosignature/v1\ntime " + str(t).encode() + b"\n" + text
                    if t >= 2 ** 63 or not self.verify(der, msg, payload[8:]):
                        raise Reject(f"the cosignature of {name} does not verify")
                    found.append((dept, hash_fn(self.suite)(der).hex(), t))
        return found

    def cleanup(self):
        self.ck.cleanup()


def load_pem_keys(paths):
    ders = []
    for p in paths:
        r = subprocess.run(["openssl", "pkey", "-pubin", "-in", p, "-outform", "DER"], capture_output=True)
        if r.returncode != 0:
            raise OSError(f"cannot read public key {p}")
        ders.append(r.stdout)
    return ders


def suite_of_der(der):
    return "ed25519-sha256" if spki_alg(der) == "ed25519" else "sm2-sm3"


def check_signed_checkpoint(nc, data, keys, origin=None):
    text, sigs = parse_note(data)
    o, size, root = parse_checkpoint(text)
    if origin is not None and o != origin:
        raise Reject(f"the checkpoint is of {o}, not {origin}")
    good = nc.signed_by(text, sigs, o, keys)
    if not good:
        raise Reject("no signature by a trusted operator key")
    return o, size, root, text, sigs, good


def main_checkpoint(a, data):
    """LEDGER --checkpoint NOTE: the log verifies and its first N records have the checkpoint's root."""
    note = open(a.checkpoint, "rb").read()
    snap = {}

    def on_record(n, S, hashes):
        snap["suite"] = S.suite
        snap["ledger"] = S.genesis["ledger"] if S.genesis else None
        if "size" in snap and n + 1 == snap["size"]:
            snap["operators"] = [S.keys[k]["der"] for k in S.active_operators()]
            snap["root"] = Tree(S.suite).root([bytes.fromhex(h) for h in hashes])
        snap["inspectors"] = [(k, i["dept"], i["der"]) for k, i in S.keys.items() if i["role"] == "inspector"]

    try:
        snap["size"] = parse_checkpoint(parse_note(note)[0])[1]
    except Reject as e:
        print(f"FAIL checkpoint: {e}")
        return 1
    ok, msg = verify(data, a.anchor, on_record)
    print(msg)
    if not ok:
        return 1
    suite = snap["suite"]
    nc = NoteChecker(suite)
    try:
        if "root" not in snap:
            raise Reject(f"the log has fewer records than the checkpoint's {snap['size']}: it was truncated")
        keys = load_pem_keys(a.key) if a.key else snap["operators"]
        origin = ORIGIN_PREFIX + snap["ledger"]
        o, size, root, text, sigs, good = check_signed_checkpoint(nc, note, keys, origin)
        if root != snap["root"]:
            raise Reject(f"the first {size} records no longer have the checkpoint's root: the log was rewritten")
        cos = nc.cosigned_by(text, sigs, [(origin + "/" + d, d, der) for _, d, der in snap["inspectors"]])
    except Reject as e:
        print(f"FAIL checkpoint: {e}")
        return 1
    finally:
        nc.cleanup()
    print(f"OK checkpoint {size} contained, signed by {', '.join(good)}")
    for dept, kid, t in cos:
        print(f"OK cosigned by {dept} {kid} at {t}")
    return 0


def tile_path(level, index, width):
    """tlog-tiles path of a tile (§12.11): <N> in 3-digit groups, all but the last prefixed x."""
    groups = []
    while True:
        groups.append(f"{index % 1000:03d}")
        index //= 1000
        if index == 0:
            break
    groups.reverse()
    n = "/".join(("x" + g) if i < len(groups) - 1 else g for i, g in enumerate(groups))
    return f"tile/{level}/{n}" + ("" if width == 256 else f".p/{width}")


def main_tiles(a):
    """--tiles DIR: a static tlog-tiles export (§12.11). The entry bundles of the checkpoint's tree,
    concatenated, are a log that verifies and contains the checkpoint; every hash tile holds the nodes
    of its level of that tree."""
    def read(rel):
        try:
            with open(os.path.join(a.tiles, rel), "rb") as f:
                return f.read()
        except OSError as e:
            raise Reject(f"cannot read {rel}: {e.strerror}")

    try:
        note = read("checkpoint")
        size = parse_checkpoint(parse_note(note)[0])[1]
        data = b""
        for i in range((size + 255) // 256):
            w = min(256, size - i * 256)
            rel = tile_path("entries", i, w)
            b = read(rel)
            lines = b.split(b"\n")
            if lines.pop() != b"" or len(lines) != w or any(not x for x in lines):
                raise Reject(f"{rel} is not {w} lines each ending in 0x0A")
            data += b
    except Reject as e:
        print(f"FAIL tiles: {e}")
        return 1
    a.checkpoint = os.path.join(a.tiles, "checkpoint")
    rc = main_checkpoint(a, data)
    if rc:
        return rc
    suite = json.loads(data.split(b"\n", 1)[0])["statement"]["body"]["suite"]
    tree = Tree(suite)
    nodes = [tree.leaf(x) for x in data.split(b"\n")[:-1]]
    level = 0
    count = 0
    try:
        while nodes:
            for i in range((len(nodes) + 255) // 256):
                w = min(256, len(nodes) - i * 256)
                rel = tile_path(level, i, w)
                if read(rel) != b"".join(nodes[i * 256:i * 256 + w]):
                    raise Reject(f"{rel} does not hold the tree's nodes of level {8 * level}")
                count += 1
            up = []
            for i in range(len(nodes) // 256):
                row = nodes[i * 256:(i + 1) * 256]
                while len(row) > 1:
                    row = [tree.node(row[j], row[j + 1]) for j in range(0, len(row), 2)]
                up.append(row[0])
            nodes = up
            level += 1
    except Reject as e:
        print(f"FAIL tiles: {e}")
        return 1
    print(f"OK tiles: {size} entries and {count} hash tiles")
    return 0


def proof_hashes(v, what):
    if not isinstance(v, list):
        raise Reject(f"{what} is not an array")
    return [b64_exact(h, what, 32) if isinstance(h, str) else b64_exact("", what, 32) for h in v]


def main_artefacts(a):
    try:
        keys = load_pem_keys(a.key)
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    path = a.inclusion or a.consistency or a.bundle
    try:
        data = open(path, "rb").read()
    except OSError as e:
        print(f"error: cannot read {path}: {e.strerror}", file=sys.stderr)
        return 2
    what = "bundle" if a.bundle else "proof"
    suite = None
    nc = None
    try:
        if a.bundle:
            lines = check_bundle(data, keys)
            for line in lines:
                print(line)
            return 0
        if not keys:
            raise Reject("--key is required to check a proof's checkpoint")
        suite = suite_of_der(keys[0])
        nc = NoteChecker(suite)
        obj = strict_parse(data[:-1] if data.endswith(b"\n") else data)
        if not isinstance(obj, dict) or obj.get("suite") != suite:
            raise Reject("the proof is not an object of the key's suite")
        T = Tree(suite)
        if a.inclusion:
            exact(obj, "", {"format", "suite", "index", "treeSize", "leafHash", "proof", "root"}, {"record", "checkpoint"})
            if obj["format"] != "accountability-ledger/inclusion-proof/v1":
                raise Reject("not an inclusion proof")
            leaf = b64_exact(obj["leafHash"], "leafHash", 32)
            if "record" in obj:
                line = obj["record"].encode()
                if T.leaf(line) != leaf or strict_parse(line)["seq"] != obj["index"]:
                    raise Reject("the record does not hash to leafHash or is not record index")
            root = b64_exact(obj["root"], "root", 32)
            T.verify_inclusion(obj["index"], obj["treeSize"], leaf, proof_hashes(obj["proof"], "proof"), root)
            if "checkpoint" not in obj:
                raise Reject("the proof carries no checkpoint")
            o, size, croot, _, _, good = check_signed_checkpoint(nc, obj["checkpoint"].encode(), keys)
            if size != obj["treeSize"] or croot != root:
                raise Reject("the checkpoint is not of the proof's tree")
            if "record" in obj and o != ORIGIN_PREFIX + strict_parse(obj["record"].encode())["statement"]["ledger"]:
                raise Reject("the checkpoint is not of the record's ledger")
            print(f"OK record {obj['index']} is in the checkpoint of {size} records of {o}")
        else:
            exact(obj, "", {"format", "suite", "oldSize", "newSize", "oldRoot", "newRoot", "proof"}, {"oldCheckpoint", "newCheckpoint"})
            if obj["format"] != "accountability-ledger/consistency-proof/v1":
                raise Reject("not a consistency proof")
            old_root, new_root = b64_exact(obj["oldRoot"], "oldRoot", 32), b64_exact(obj["newRoot"], "newRoot", 32)
            T.verify_consistency(obj["oldSize"], obj["newSize"], proof_hashes(obj["proof"], "proof"), old_root, new_root)
            origins = set()
            for which, size, root in (("old", obj["oldSize"], old_root), ("new", obj["newSize"], new_root)):
                if which + "Checkpoint" not in obj:
                    raise Reject(f"no {which} checkpoint")
                o, csize, croot, _, _, _ = check_signed_checkpoint(nc, obj[which + "Checkpoint"].encode(), keys)
                if csize != size or croot != root:
                    raise Reject(f"the {which} checkpoint is not of the proof's {which} tree")
                origins.add(o)
            if len(origins) != 1:
                raise Reject("the checkpoints are of two logs")
            print(f"OK the log of {obj['newSize']} records extends the log of {obj['oldSize']} records")
        return 0
    except (Reject, Fail, KeyError, TypeError, ValueError) as e:
        print(f"FAIL {what}: {e}")
        return 1
    finally:
        if nc is not None:
            nc.cleanup()


def check_bundle(data, trusted):
    """§12.10. Returns the OK lines; raises Reject."""
    if not data.endswith(b"\n"):
        raise Reject("the bundle does not end with a newline")
    objs = []
    for n, line in enumerate(data[:-1].split(b"\n"), 1):
        try:
            o = strict_parse(line)
        except Fail as e:
            raise Reject(f"line {n}: {e}")
        if not isinstance(o, dict) or not isinstance(o.get("kind"), str):
            raise Reject(f"line {n}: not an object with a kind")
        objs.append((n, o))

    def only(n, o, members):
        extra = set(o) - members
        if extra or not members - {"proof"} <= set(o) | {"proof"}:
            raise Reject(f"line {n}: unknown or missing members {sorted(extra)}")

    n, h = objs[0]
    if h["kind"] != "header" or h.get("format") != BUNDLE_FORMAT:
        raise Reject("line 1 is not a bundle header")
    only(n, h, {"kind", "format", "ledger", "suite", "treeSize", "first", "count"})
    suite, ledger, size, first, count = h["suite"], h["ledger"], h["treeSize"], h["first"], h["count"]
    if suite not in SUITE_ALG or not all(isinstance(x, int) and not isinstance(x, bool) for x in (size, first, count)) \
            or first < 0 or count < 1 or first + count > size:
        raise Reject("line 1: bad suite, treeSize, first or count")
    T = Tree(suite)
    H = hash_fn(suite)
    origin = ORIGIN_PREFIX + ledger
    if len(objs) < 2 or objs[1][1]["kind"] != "checkpoint":
        raise Reject("line 2 is not the checkpoint")
    only(objs[1][0], objs[1][1], {"kind", "note"})
    note = objs[1][1]["note"].encode()
    text, sigs = parse_note(note)
    o, csize, root = parse_checkpoint(text)
    if o != origin or csize != size:
        raise Reject(f"line 2: the checkpoint is not of {origin} at {size} records")

    def included(n, o):
        line = o["record"].encode()
        rec = strict_parse(line)
        check_shape(rec)
        if not (0 <= rec["seq"] < size) or rec["statement"]["ledger"] != ledger:
            raise Reject(f"line {n}: the record is not of this ledger's first {size} records")
        try:
            T.verify_inclusion(rec["seq"], size, T.leaf(line), proof_hashes(o["proof"], "proof"), root)
        except Reject as e:
            raise Reject(f"line {n}: record {rec['seq']}: {e}")
        return rec, line

    i = 2
    consistency = None
    if i < len(objs) and objs[i][1]["kind"] == "consistency":
        n, o = objs[i]
        only(n, o, {"kind", "oldCheckpoint", "proof"})
        consistency = (n, o["oldCheckpoint"].encode(), proof_hashes(o["proof"], "proof"))
        i += 1
    keys = {}  # key id hex -> (der, dept, role)
    genesis = None
    last = -1
    while i < len(objs) and objs[i][1]["kind"] == "key":
        n, o = objs[i]
        only(n, o, {"kind", "record", "proof"})
        rec, _ = included(n, o)
        if rec["seq"] <= last:
            raise Reject(f"line {n}: key records are not in log order")
        last = rec["seq"]
        st, b = rec["statement"], rec["statement"]["body"]
        if st["type"] == "genesis" and rec["seq"] == 0:
            der = base64.b64decode(b["key"])
            genesis = H(der).hex()
            keys[genesis] = (der, b["dept"], "operator")
        elif st["type"] == "key-enrolled":
            der = base64.b64decode(b["key"])
            keys[H(der).hex()] = (der, b["dept"], b["role"])
        elif st["type"] == "key-rotated" and b["old"] in keys:
            der = base64.b64decode(b["key"])
            keys[H(der).hex()] = (der, keys[b["old"]][1], keys[b["old"]][2])
        else:
            raise Reject(f"line {n}: record {rec['seq']} enrols no key the bundle can place")
        i += 1
    if genesis is None:
        raise Reject("the bundle has no genesis record among its key records")
    out = []
    nc = NoteChecker(suite)
    try:
        operators = trusted or [der for der, _, role in keys.values() if role == "operator"]
        good = nc.signed_by(text, sigs, origin, operators)
        if not good:
            raise Reject("the checkpoint has no signature by a trusted operator key")
        cos = nc.cosigned_by(text, sigs, [(origin + "/" + d, d, der) for der, d, role in keys.values() if role == "inspector"])
        if consistency:
            n, old, proof = consistency
            oo, osize, oroot, _, _, _ = check_signed_checkpoint(nc, old, operators, origin)
            try:
                T.verify_consistency(osize, size, proof, oroot, root)
            except Reject as e:
                raise Reject(f"line {n}: {e}")
            out.append(f"OK the log of {size} records extends the checkpoint of {osize}")
        prev = None
        seen = 0
        jobs = []
        while i < len(objs) and objs[i][1]["kind"] == "record":
            n, o = objs[i]
            only(n, o, {"kind", "record", "proof"})
            rec, line = included(n, o)
            if rec["seq"] != first + seen:
                raise Reject(f"line {n}: record {rec['seq']} where record {first + seen} belongs")
            if prev is not None and rec["prev"] != H(b"\x00" + prev).hex():
                raise Reject(f"line {n}: record {rec['seq']}: prev is not the previous record's hash")
            st = rec["statement"]
            if st["type"] == "genesis":
                der = base64.b64decode(st["body"]["key"])
                signer, sealer = (der, st["body"]["dept"], "operator"), der
            else:
                if st["key"] not in keys or rec["sealer"] not in keys or keys[rec["sealer"]][2] != "operator":
                    raise Reject(f"line {n}: record {rec['seq']}: its key or sealer is not enrolled by the bundle")
                signer, sealer = keys[st["key"]], keys[rec["sealer"]][0]
            if signer[1] != st["by"]:
                raise Reject(f"line {n}: record {rec['seq']}: statement.by is not the key's department")
            st_wo = {k: v for k, v in st.items() if k != "sig"}
            rec_wo = {k: v for k, v in rec.items() if k != "seal"}
            jobs.append((n, rec["seq"], "statement.sig", signer[0], STATEMENT_PREFIX + jcs_bytes(st_wo), base64.b64decode(st["sig"])))
            jobs.append((n, rec["seq"], "seal", sealer, RECORD_PREFIX + jcs_bytes(rec_wo), base64.b64decode(rec["seal"])))
            prev = line
            seen += 1
            i += 1
        for n, seq, member, der, msg, sig in jobs:
            if not nc.verify(der, msg, sig):
                raise Reject(f"line {n}: record {seq}: {member} does not verify")
        if seen != count:
            raise Reject(f"the bundle has {seen} records, its header says {count}")
        out.insert(0, f"OK bundle of {ledger}: records {first}..{first + count - 1} in the checkpoint of {size}, signed by {', '.join(good)}")
        for dept, kid, t in cos:
            out.append(f"OK cosigned by {dept} {kid} at {t}")
        while i < len(objs) and objs[i][1]["kind"] == "evidence":
            n, o = objs[i]
            only(n, o, {"kind", "digest", "data"})
            if H(b64_exact(o["data"], "data")).hex() != o["digest"]:
                raise Reject(f"line {n}: the evidence does not hash to its digest")
            out.append(f"OK evidence {o['digest']}")
            i += 1
        if i != len(objs):
            raise Reject(f"line {objs[i][0]}: a {objs[i][1]['kind']} line out of order")
    finally:
        nc.cleanup()
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description="Independent verifier for ledger format v1 (docs/FORMAT.md).")
    ap.add_argument("ledger", nargs="?", help="ledger directory or its log.jsonl")
    ap.add_argument("--anchor", metavar="HASH", help="fail unless a verified record has this hash")
    ap.add_argument("--checkpoint", metavar="NOTE", help="with a ledger: the log must contain this signed checkpoint (§12.7)")
    ap.add_argument("--key", metavar="PEM", action="append", default=[], help="a trusted operator public key (repeatable)")
    ap.add_argument("--inclusion", metavar="FILE", help="check an inclusion proof / receipt (§12.6)")
    ap.add_argument("--consistency", metavar="FILE", help="check a consistency proof (§12.6)")
    ap.add_argument("--bundle", metavar="FILE", help="check an offline audit bundle (§12.10)")
    ap.add_argument("--tiles", metavar="DIR", help="check a static tlog-tiles export: checkpoint, entry bundles, hash tiles (§12.11)")
    a = ap.parse_args(argv)  # exits 2 on usage errors
    if a.tiles:
        return main_tiles(a)
    if a.inclusion or a.consistency or a.bundle:
        return main_artefacts(a)
    if a.ledger is None:
        print("usage error: give a ledger, or --inclusion, --consistency or --bundle", file=sys.stderr)
        return 2
    if a.anchor is not None and not RE_HASH.fullmatch(a.anchor):
        print("usage error: --anchor must be 64 lowercase hex digits", file=sys.stderr)
        return 2
    path = a.ledger
    lock_fd = None
    if os.path.isdir(path):
        lockp = os.path.join(path, "lock")
        path = os.path.join(path, "log.jsonl")
        if os.path.exists(lockp):
            try:
                import fcntl
                lock_fd = os.open(lockp, os.O_RDONLY)
                fcntl.flock(lock_fd, fcntl.LOCK_SH)
            except OSError:
                lock_fd = None
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        print(f"error: cannot read {path}: {e.strerror}", file=sys.stderr)
        return 2
    finally:
        if lock_fd is not None:
            os.close(lock_fd)
    if a.checkpoint:
        return main_checkpoint(a, data)
    ok, msg = verify(data, a.anchor)
    print(msg)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
