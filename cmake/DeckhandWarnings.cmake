# Warning flags shared by every deckhand target, applied through an INTERFACE target.
add_library(deckhand_warnings INTERFACE)
add_library(deckhand::warnings ALIAS deckhand_warnings)
target_compile_options(deckhand_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                 -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                 -Wnull-dereference -Wimplicit-fallthrough>)
