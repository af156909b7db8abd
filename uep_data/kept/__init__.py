"""Kept figures: what the pages read instead of the rows behind their figures.

The measures engine's own base readings (each count, sum and median at each moment a view
asks for, in its scope and by its breakdown) are written to the database by the code that
counts them afresh, and read back wherever a view asks for exactly that reading; so a kept
figure and a fresh count mean the same thing. So are the controlled tables disclosure control
builds over them (disclosure/policy.py), each under the rule it was controlled by.

- store.py: reading them, and keeping what a read transaction counted (only if the data have
  not changed since it began);
- forget.py: every change to the data (import, undo, erasure, restore) and every schema
  upgrade removes them in its own transaction;
- definitions.py: which definitions of the measures counted them (no other code reads them);
- verify.py: counting every kept figure afresh and saying where any differs
  (`python -m uep_data verify [--repair]`).
"""
