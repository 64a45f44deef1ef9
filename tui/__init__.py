"""nnwb's Textual workbench. Imports the engine; holds no maths of its own."""
