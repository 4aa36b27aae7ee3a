"""Coalition Atlas: map who stands where on a multinational coalition."""

__version__ = "0.1.0"
