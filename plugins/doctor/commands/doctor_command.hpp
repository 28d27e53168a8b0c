// `deckhand doctor [--output text|json]`: every check, one line each. The class lives in
// doctor_command.cpp; plugin.cpp registers it.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::doctor {

std::unique_ptr<Command> make_doctor_command();

}  // namespace deckhand::doctor
