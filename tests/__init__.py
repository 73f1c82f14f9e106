"""Tests for iop-search; run with make test."""
