"""The site's online forms (to come): generated from the same schemas, through the schema walker in
``tieshai.load.schema_walk`` and the starting document of ``tieshai.outputs.new_record``."""
