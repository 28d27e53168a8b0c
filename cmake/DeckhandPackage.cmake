# The installed SDK's CMake package: find_package(deckhand 1.2) gives deckhand::core and
# deckhand_add_plugin(). Its version is the plugin API's, read from plugin.hpp, because that is
# what a plugin is built against: a host runs plugins of its API major whose minor is not newer.
include(CMakePackageConfigHelpers)

file(STRINGS ${PROJECT_SOURCE_DIR}/core/include/deckhand/plugin.hpp api_lines
  REGEX "inline constexpr std::uint32_t plugin_api_(major|minor) = [0-9]+;")
string(REGEX MATCH "plugin_api_major = ([0-9]+)" matched "${api_lines}")
set(api_major "${CMAKE_MATCH_1}")
string(REGEX MATCH "plugin_api_minor = ([0-9]+)" matched "${api_lines}")
set(api_minor "${CMAKE_MATCH_1}")
if(NOT api_major MATCHES "^[0-9]+$" OR NOT api_minor MATCHES "^[0-9]+$")
  message(FATAL_ERROR "cannot read the plugin API version from core/include/deckhand/plugin.hpp")
endif()
set(DECKHAND_PLUGIN_API_VERSION ${api_major}.${api_minor})

set(package_dir lib/cmake/deckhand)
install(EXPORT deckhandTargets NAMESPACE deckhand:: FILE deckhandTargets.cmake
  DESTINATION ${package_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/deckhandConfig.cmake.in
  ${PROJECT_BINARY_DIR}/deckhandConfig.cmake INSTALL_DESTINATION ${package_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/deckhandConfigVersion.cmake
  VERSION ${DECKHAND_PLUGIN_API_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/deckhandConfig.cmake
  ${PROJECT_BINARY_DIR}/deckhandConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/DeckhandPlugin.cmake
  DESTINATION ${package_dir})
