#!/usr/bin/env python3
"""Checks executables this machine cannot run (darwin, windows/arm64) by reading them.

Prints facts one per line for FileCheck, and exits 1 if a check fails:
  format: pe|macho <arch> executable
  entry: 0x<addr> in <section> (executable)        the entry point lands in code
  import: <dll>!<symbol>                           PE imports, each resolved by name
  dylib: <path> / dylinker: <path>                 Mach-O load commands
  codesign: valid, <n> pages, sha256, identifier <id>
                                                   the ad-hoc signature hashes match

  tools/inspect.py FILE [FILE ...]

The Mach-O code signature check recomputes every page hash of the CodeDirectory, which is
what the arm64 macOS kernel verifies before running an ad-hoc signed binary.
"""

import hashlib
import struct
import sys


class CheckError(Exception):
    pass


def cstr(data, off):
    end = data.index(b"\0", off)
    return data[off:end].decode("latin-1")


# ---------------------------------------------------------------------------------------
# PE (COFF) images

PE_MACHINES = {0x8664: "amd64", 0xAA64: "arm64", 0x14C: "386"}
IMAGE_SCN_MEM_EXECUTE = 0x20000000


def inspect_pe(data, out):
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise CheckError("no PE signature")
    machine, nsect, _, _, _, opt_size, chars = struct.unpack_from("<HHIIIHH", data, pe + 4)
    if not chars & 0x2:
        raise CheckError("IMAGE_FILE_EXECUTABLE_IMAGE not set")
    opt = pe + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    if magic != 0x20B:
        raise CheckError(f"optional header magic {magic:#x}, want PE32+ 0x20b")
    entry = struct.unpack_from("<I", data, opt + 16)[0]
    image_base = struct.unpack_from("<Q", data, opt + 24)[0]
    ndirs = struct.unpack_from("<I", data, opt + 108)[0]
    dirs = [struct.unpack_from("<II", data, opt + 112 + 8 * i) for i in range(ndirs)]
    sections = []
    for i in range(nsect):
        s = opt + opt_size + 40 * i
        name = data[s:s + 8].rstrip(b"\0").decode("latin-1")
        vsize, va, rawsize, rawptr = struct.unpack_from("<IIII", data, s + 8)
        flags = struct.unpack_from("<I", data, s + 36)[0]
        sections.append((name, va, max(vsize, rawsize), rawptr, flags))
    out.append(f"format: pe {PE_MACHINES.get(machine, hex(machine))} executable")

    def section_of(rva):
        for sec in sections:
            if sec[1] <= rva < sec[1] + sec[2]:
                return sec
        return None

    def file_off(rva):
        sec = section_of(rva)
        if sec is None:
            raise CheckError(f"RVA {rva:#x} outside every section")
        return rva - sec[1] + sec[3]

    sec = section_of(entry)
    if entry == 0 or sec is None:
        raise CheckError(f"entry point {entry:#x} is outside every section")
    if not sec[4] & IMAGE_SCN_MEM_EXECUTE:
        raise CheckError(f"entry point {entry:#x} in non-executable section {sec[0]}")
    out.append(f"entry: {image_base + entry:#x} in {sec[0]} (executable)")

    if len(dirs) > 1 and dirs[1][0]:
        off = file_off(dirs[1][0])
        while True:
            ilt, _, _, name_rva, iat = struct.unpack_from("<IIIII", data, off)
            if name_rva == 0:
                break
            dll = cstr(data, file_off(name_rva)).lower()
            table = file_off(ilt or iat)
            while True:
                thunk = struct.unpack_from("<Q", data, table)[0]
                if thunk == 0:
                    break
                if thunk >> 63:
                    out.append(f"import: {dll}!#{thunk & 0xFFFF}")
                else:
                    out.append(f"import: {dll}!{cstr(data, file_off(thunk & 0x7FFFFFFF) + 2)}")
                table += 8
            off += 20


# ---------------------------------------------------------------------------------------
# Mach-O images

LC_SEGMENT_64 = 0x19
LC_MAIN = 0x80000028
LC_UNIXTHREAD = 0x5
LC_LOAD_DYLIB = 0xC
LC_LOAD_DYLINKER = 0xE
LC_CODE_SIGNATURE = 0x1D
MACHO_CPUS = {0x01000007: "amd64", 0x0100000C: "arm64"}
CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CSMAGIC_CODEDIRECTORY = 0xFADE0C02
CS_HASHTYPE_SHA256 = 2


def check_code_signature(data, dataoff, datasize, out):
    magic, length, count = struct.unpack_from(">III", data, dataoff)
    if magic != CSMAGIC_EMBEDDED_SIGNATURE:
        raise CheckError(f"code signature superblob magic {magic:#x}")
    if length > datasize:
        raise CheckError("code signature superblob longer than LC_CODE_SIGNATURE's data")
    cd = None
    for i in range(count):
        _, off = struct.unpack_from(">II", data, dataoff + 12 + 8 * i)
        if struct.unpack_from(">I", data, dataoff + off)[0] == CSMAGIC_CODEDIRECTORY:
            cd = dataoff + off
            break
    if cd is None:
        raise CheckError("no CodeDirectory in the code signature")
    (_, _, _, flags, hash_off, ident_off, nspecial, ncode, code_limit, hash_size,
     hash_type, _, page_log2) = struct.unpack_from(">IIIIIIIIIBBBB", data, cd)
    if hash_type != CS_HASHTYPE_SHA256 or hash_size != 32:
        raise CheckError(f"CodeDirectory hash type {hash_type}, size {hash_size}")
    if code_limit != dataoff:
        raise CheckError(f"CodeDirectory codeLimit {code_limit:#x} != signature offset "
                         f"{dataoff:#x}")
    page = 1 << page_log2
    if ncode != (code_limit + page - 1) // page:
        raise CheckError(f"CodeDirectory has {ncode} page hashes for {code_limit} bytes")
    for i in range(ncode):
        chunk = data[i * page:min((i + 1) * page, code_limit)]
        want = data[cd + hash_off + 32 * i:cd + hash_off + 32 * (i + 1)]
        if hashlib.sha256(chunk).digest() != want:
            raise CheckError(f"code signature page {i} hash mismatch")
    out.append(f"codesign: valid, {ncode} pages, sha256, identifier {cstr(data, cd + ident_off)}")


def inspect_macho(data, out):
    magic, cpu, _, filetype, ncmds, _, flags, _ = struct.unpack_from("<IiiIIIII", data, 0)
    if magic != 0xFEEDFACF:
        raise CheckError(f"Mach-O magic {magic:#x}")
    if filetype != 2:
        raise CheckError(f"Mach-O file type {filetype}, want MH_EXECUTE")
    out.append(f"format: macho {MACHO_CPUS.get(cpu & 0xFFFFFFFF, hex(cpu))} executable")
    off = 32
    sections, entryoff, entryaddr, signature = [], None, None, None
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, off)
        if cmd == LC_SEGMENT_64:
            seg = data[off + 8:off + 24].rstrip(b"\0").decode()
            _, _, fileoff, filesize, _, initprot, nsects, _ = struct.unpack_from(
                "<QQQQiiII", data, off + 24)
            for j in range(nsects):
                s = off + 72 + 80 * j
                sect = data[s:s + 16].rstrip(b"\0").decode()
                addr, ssize, soff = struct.unpack_from("<QQI", data, s + 32)
                sections.append((f"{seg},{sect}", soff, ssize, initprot & 4, addr))
        elif cmd == LC_MAIN:
            entryoff = struct.unpack_from("<Q", data, off + 8)[0]
        elif cmd == LC_UNIXTHREAD:
            # Thread state: x86_THREAD_STATE64 (rip is register 16) or ARM_THREAD_STATE64
            # (pc is register 32); the entry is a virtual address.
            flavor = struct.unpack_from("<I", data, off + 8)[0]
            index = {4: 16, 6: 32}.get(flavor)
            if index is None:
                raise CheckError(f"LC_UNIXTHREAD flavor {flavor}")
            entryaddr = struct.unpack_from("<Q", data, off + 16 + 8 * index)[0]
        elif cmd == LC_LOAD_DYLIB:
            out.append(f"dylib: {cstr(data, off + struct.unpack_from('<I', data, off + 8)[0])}")
        elif cmd == LC_LOAD_DYLINKER:
            out.append("dylinker: "
                       f"{cstr(data, off + struct.unpack_from('<I', data, off + 8)[0])}")
        elif cmd == LC_CODE_SIGNATURE:
            signature = struct.unpack_from("<II", data, off + 8)
        off += size
    if entryoff is None and entryaddr is None:
        raise CheckError("no LC_MAIN or LC_UNIXTHREAD")
    for name, soff, ssize, executable, addr in sections:
        if entryoff is None:
            entryoff = entryaddr - addr + soff if addr <= entryaddr < addr + ssize else None
            if entryoff is None:
                continue
        if soff <= entryoff < soff + ssize:
            if not executable:
                raise CheckError(f"entry point in non-executable {name}")
            out.append(f"entry: {addr + entryoff - soff:#x} in {name} (executable)")
            break
    else:
        raise CheckError("entry point outside every section")
    if signature:
        check_code_signature(data, signature[0], signature[1], out)
    else:
        out.append("codesign: none")


def inspect(path, out):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"MZ":
        inspect_pe(data, out)
    elif data[:4] == b"\xcf\xfa\xed\xfe":
        inspect_macho(data, out)
    else:
        raise CheckError("neither PE nor 64-bit Mach-O")


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for path in sys.argv[1:]:
        out = []
        try:
            inspect(path, out)
            for line in out:
                print(line)
        except (CheckError, struct.error, ValueError, IndexError) as e:
            for line in out:
                print(line)
            print(f"{path}: error: {e}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
