"""The screens of the board, one module each; the data screens share ``data_base``.

Each is imported when first opened (start-up stays light).
"""
