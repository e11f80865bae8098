"""Real images for the tests, made with the standard library alone."""
import struct, zlib


def png(width, height, colour=b"\x80\x80\x80"):
    """A PNG of one RGB colour, every chunk with its CRC, as any decoder reads it."""
    rows = b"".join(b"\0" + colour * width for _ in range(height))
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
