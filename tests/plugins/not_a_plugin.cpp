// An ordinary shared library with no deckhand section: found in a plugin folder, it is refused.
extern "C" int not_a_plugin_answer() {
    return 42;
}
