# deckhand_add_test(<name> SOURCES <files...> [LIBRARIES <targets...>] [LABELS <kind> [<area>...]]
#                   [PROPERTIES <ctest properties...>])
# One GoogleTest executable, its tests discovered by CTest. The first label (unit, integration,
# e2e) becomes the CTest label (ctest -L integration); the others name the area and prefix each
# test's name ("sqlite: Suite.Test", ctest -R '^sqlite:'), because gtest_discover_tests in
# CMake 3.25 cannot carry a list of labels.
function(deckhand_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LIBRARIES;LABELS;PROPERTIES")
  add_executable(${name} ${ARG_SOURCES})
  # Beside its CMakeLists, not in bin/: bin/ is the product.
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  target_link_libraries(${name} PRIVATE deckhand::test_support deckhand::warnings ${ARG_LIBRARIES}
                                        GTest::gtest GTest::gmock GTest::gtest_main)
  set(kind "")
  set(prefix "")
  if(ARG_LABELS)
    list(POP_FRONT ARG_LABELS kind)
    if(ARG_LABELS)
      list(JOIN ARG_LABELS "-" area)
      set(prefix "${area}: ")
    endif()
  endif()
  gtest_discover_tests(${name}
    TEST_PREFIX "${prefix}"
    PROPERTIES LABELS "${kind}" ${ARG_PROPERTIES}
    DISCOVERY_TIMEOUT 60
    DISCOVERY_MODE PRE_TEST)
endfunction()
