# deckhand_add_test(<name> SOURCES <files...> [LIBRARIES <targets...>] [LABELS <labels...>]
#                   [PROPERTIES <ctest properties...>])
# One GoogleTest executable, its tests discovered by CTest with the given labels and properties.
function(deckhand_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LIBRARIES;LABELS;PROPERTIES")
  add_executable(${name} ${ARG_SOURCES})
  # Beside its CMakeLists, not in bin/: bin/ is the product.
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  target_link_libraries(${name} PRIVATE deckhand::test_support deckhand::warnings ${ARG_LIBRARIES}
                                        GTest::gtest GTest::gmock GTest::gtest_main)
  # gtest_discover_tests splits lists, so the labels' ';' is escaped to keep them one value.
  string(REPLACE ";" "\\;" labels "${ARG_LABELS}")
  gtest_discover_tests(${name}
    PROPERTIES LABELS "${labels}" ${ARG_PROPERTIES}
    DISCOVERY_TIMEOUT 60
    DISCOVERY_MODE PRE_TEST)
endfunction()
