// The deckhand executable: everything lives in libdeckhand_core, so main stays a forwarder.
#include "deckhand/host.hpp"

int main(int argc, char** argv) {
    return deckhand::run_host(argc, argv);
}
