"""drafter: reply letters to deputies' suggestions and CPPCC proposals, in GB/T 9704 house style."""

__version__ = "0.1.0"
