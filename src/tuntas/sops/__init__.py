"""SOP documents (Permendagri 52/2011 form) held as data: schema, validation, standard time."""
