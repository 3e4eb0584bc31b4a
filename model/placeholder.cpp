namespace pathlens { int modelPlaceholder() { return 0; } }
