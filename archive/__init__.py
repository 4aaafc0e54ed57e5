"""
The auxiliar's archive: the document retention table (TRD), closed cases in their box and
folder, the foliated expediente PDF and the loans of physical files (docs/archive.md).
Above intake (reads cases through its selectors and services); nobody but reports imports it.
"""
