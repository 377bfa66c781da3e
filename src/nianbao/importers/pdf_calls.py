"""pdfium's C functions for the calls made once a character or once a page object.

pypdfium2 declares every function's argument types, and ctypes checks and converts each
argument against them on every call: for a call that does little (a character's origin, a
page object's type), that costs about as much again as the call itself (measured: 0.7 against
0.33 µs). These are the same C functions without the declaration. They take handles as
`c_void_p` (see `handle`), ints and `byref`s only: an undeclared argument is passed as the C
type of the Python value, and a Python int is a C int, too narrow for a pointer.
"""

from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c


def _undeclared(function):
    bare = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    bare.restype = function.restype
    return bare


def handle(pointer) -> ctypes.c_void_p:
    """A pdfium handle (a typed ctypes pointer) as an argument for the functions below."""
    return ctypes.c_void_p(ctypes.cast(pointer, ctypes.c_void_p).value)


char_origin = _undeclared(pdfium_c.FPDFText_GetCharOrigin)  # (textpage, index, byref x, byref y) -> bool
page_object = _undeclared(pdfium_c.FPDFPage_GetObject)  # (page, index) -> a typed object pointer
object_type = _undeclared(pdfium_c.FPDFPageObj_GetType)  # (object) -> FPDF_PAGEOBJ_*
object_bounds = _undeclared(pdfium_c.FPDFPageObj_GetBounds)  # (object, byref left, bottom, right, top) -> bool
path_segments = _undeclared(pdfium_c.FPDFPath_CountSegments)  # (object) -> int
