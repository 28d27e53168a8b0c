# How plugins, their engines and their private libraries are built: deckhand_add_plugin,
# deckhand_add_plugin_engine and deckhand_add_plugin_library (the two MODULE kinds over one shared
# helper). The same file serves the plugins in this tree and, installed beside
# deckhandConfig.cmake, a team's plugins built against the installed SDK (find_package(deckhand)):
# there the core is the imported deckhand::core, plugins are written to the consumer's build folder
# and installed into <its prefix>/lib/deckhand/plugins.

# Out of this tree, nobody has set where plugins go: the consumer's own folders.
if(NOT DEFINED DECKHAND_PLUGIN_OUTPUT_DIRECTORY)
  set(DECKHAND_PLUGIN_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib/deckhand/plugins)
endif()
if(NOT DEFINED DECKHAND_PLUGIN_INSTALL_DIR)
  set(DECKHAND_PLUGIN_INSTALL_DIR lib/deckhand/plugins)
endif()

# _deckhand_add_module(<target> <output name> <output folder> <install rpath> <sources...>
#                      [LIBRARIES <targets...>])
#
# What plugins and their private libraries share: a MODULE named <output name>.so with hidden
# symbols, linked to the core and refusing undefined symbols at link time (a missing one would
# otherwise surface only when the host loads the file).
function(_deckhand_add_module target output_name output_folder install_rpath)
  cmake_parse_arguments(PARSE_ARGV 4 ARG "" "" "LIBRARIES")
  add_library(${target} MODULE ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${output_name}
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${output_folder}
    INSTALL_RPATH "${install_rpath}"
    BUILD_RPATH "${PROJECT_BINARY_DIR}/lib")
  target_link_libraries(${target} PRIVATE deckhand::core ${ARG_LIBRARIES})
  # The project's warning flags are its own business; an out-of-tree plugin brings its own.
  if(TARGET deckhand::warnings)
    target_link_libraries(${target} PRIVATE deckhand::warnings)
  endif()
  target_link_options(${target} PRIVATE -Wl,--no-undefined -Wl,--as-needed)
endfunction()

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
  # <prefix>/lib/deckhand/plugins -> <prefix>/lib, where libdeckhand_core is.
  _deckhand_add_module(${target} ${name} "${DECKHAND_PLUGIN_OUTPUT_DIRECTORY}" "$ORIGIN/../.."
    ${ARG_SOURCES} LIBRARIES ${ARG_LIBRARIES})
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${DECKHAND_PLUGIN_INSTALL_DIR})
  endif()
endfunction()

# deckhand_add_plugin_engine(<plugin> [PART <part>] SOURCES <files...>
#                            [PUBLIC_LIBRARIES <targets...>] [PRIVATE_LIBRARIES <targets...>])
#
# A plugin's engine: the code of plugin <plugin> that its MODULE, its private library and the
# tests link, so that a test calls the engine directly and needs no dlopen. Creates the STATIC
# target deckhand_<plugin>_engine (with PART: deckhand_<plugin>_<part>, for a plugin whose code is
# split, e.g. kubernetes's command part without libcurl) and its alias deckhand::<same>.
#
# Position-independent, because it ends up in a MODULE; hidden symbols, as the MODULE's own. The
# folder include/ (the engine's headers, for the MODULE and the tests) is PUBLIC and src/ (headers
# private to the engine) is PRIVATE, each when the plugin has it. Links deckhand::core PUBLIC and
# the project's warnings PRIVATE. Whatever links the engine is compiled with
# DECKHAND_<PLUGIN>_PLUGIN_VERSION="<project version>" (PLUGIN upper-cased), the version the
# plugin announces (DECKHAND_PLUGIN) and stamps on its private library, so that the MODULE, its
# private library and the engine cannot disagree.
function(deckhand_add_plugin_engine plugin)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "PART" "SOURCES;PUBLIC_LIBRARIES;PRIVATE_LIBRARIES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "deckhand_add_plugin_engine(${plugin}): unknown arguments "
                        "${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "deckhand_add_plugin_engine(${plugin}): SOURCES is empty")
  endif()
  if(NOT ARG_PART)
    set(ARG_PART engine)
  endif()
  set(target deckhand_${plugin}_${ARG_PART})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(deckhand::${plugin}_${ARG_PART} ALIAS ${target})
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  endif()
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  endif()
  target_link_libraries(${target}
    PUBLIC deckhand::core ${ARG_PUBLIC_LIBRARIES}
    PRIVATE ${ARG_PRIVATE_LIBRARIES})
  # The project's warning flags are its own business; an out-of-tree plugin brings its own.
  if(TARGET deckhand::warnings)
    target_link_libraries(${target} PRIVATE deckhand::warnings)
  endif()
  string(TOUPPER "${plugin}" upper_plugin)
  string(MAKE_C_IDENTIFIER "${upper_plugin}" upper_plugin)
  target_compile_definitions(${target} PUBLIC
    DECKHAND_${upper_plugin}_PLUGIN_VERSION="${PROJECT_VERSION}")
endfunction()

# deckhand_add_plugin_library(<plugin> <name> SOURCES <files...> [LIBRARIES <targets...>])
#
# A plugin's private library (deckhand/private_library.hpp): the part of plugin <plugin> that
# links a heavy client library, opened by the plugin only when a run needs it, so that loading the
# plugin (help, version, plugins load them all) does not load libpq or libcurl.
#
# Creates the MODULE target deckhand_plugin_<plugin>_<name>, output as <name>.so in the folder
# <plugin>.d beside the plugin, in the build tree and in the install tree alike: the host lists
# only the *.so files of a plugin folder itself, never subfolders, so the library is not taken for
# a plugin, and wherever the plugin file goes (a moved install, --plugin-dir) its library is found
# beside it. The plugin gets DECKHAND_<NAME>_LIBRARY="<plugin>.d/<name>.so" (NAME upper-cased),
# that path relative to the plugin's folder, and building the plugin builds the library.
function(deckhand_add_plugin_library plugin name)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "" "SOURCES;LIBRARIES")
  set(plugin_target deckhand_plugin_${plugin})
  set(target deckhand_plugin_${plugin}_${name})
  # <prefix>/lib/deckhand/plugins/<plugin>.d -> <prefix>/lib, where libdeckhand_core is.
  _deckhand_add_module(${target} ${name} "${DECKHAND_PLUGIN_OUTPUT_DIRECTORY}/${plugin}.d"
    "$ORIGIN/../../.." ${ARG_SOURCES} LIBRARIES ${ARG_LIBRARIES})
  string(TOUPPER "${name}" upper_name)
  target_compile_definitions(${plugin_target} PRIVATE
    DECKHAND_${upper_name}_LIBRARY="${plugin}.d/${name}.so")
  add_dependencies(${plugin_target} ${target})
  install(TARGETS ${target} LIBRARY DESTINATION ${DECKHAND_PLUGIN_INSTALL_DIR}/${plugin}.d)
endfunction()
