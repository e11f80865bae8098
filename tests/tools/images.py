"""Real images for the tests, made with the standard library alone."""
import struct, zlib


def png(width, height, colour=b"\x80\x80\x80"):
    """A PNG of one RGB colour, every chunk with its CRC, as any decoder reads it."""
    rows = b"".join(b"\0" + colour * width for _ in range(height))
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def noise_png(size):
    """A PNG of random pixels of about `size` bytes: it does not compress, as a scan does not."""
    import os
    side = max(1, int((size / 3) ** 0.5))
    rows = b"".join(b"\0" + os.urandom(side * 3) for _ in range(side))
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
