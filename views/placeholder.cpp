namespace pathlens { int viewsPlaceholder() { return 0; } }
