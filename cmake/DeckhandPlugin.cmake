# deckhand_add_plugin(): the one way a plugin is built, so every plugin gets the same
# visibility, link line, output folder and install rule.
#
#   deckhand_add_plugin(<name> SOURCES <files...> [LIBRARIES <targets...>] [NO_INSTALL])
#
# Creates the MODULE target deckhand_plugin_<name>, output as <name>.so in the build's plugin
# folder and installed into <prefix>/lib/deckhand/plugins (unless NO_INSTALL: test plugins).
function(deckhand_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_INSTALL" "" "SOURCES;LIBRARIES")
  set(target deckhand_plugin_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name}
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${DECKHAND_PLUGIN_OUTPUT_DIRECTORY}
    INSTALL_RPATH "$ORIGIN/../.."
    BUILD_RPATH "${PROJECT_BINARY_DIR}/lib")
  target_link_libraries(${target} PRIVATE deckhand::core deckhand::warnings ${ARG_LIBRARIES})
  target_link_options(${target} PRIVATE -Wl,--no-undefined -Wl,--as-needed)
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${DECKHAND_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
