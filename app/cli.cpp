// Placeholder until the command line lands.
namespace pathlens { int cliPlaceholder() { return 0; } }
