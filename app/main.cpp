#include "app/application.h"

int main(int argc, char **argv)
{
    return pathlens::runApplication(argc, argv);
}
