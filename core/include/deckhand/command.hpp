// A command: its name, summary, typed options and the work it does. One class per command;
// its options and its help come from one declaration.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/positional_options.hpp>
#include <boost/program_options/value_semantic.hpp>
#include <string>

#include "deckhand/export.hpp"

namespace deckhand {

class Context;

// What a run of the command needs from the host, so that `help` never opens a connection.
enum class Needs {
    nothing,   // runs without configuration (help-like commands)
    config,    // reads the resolved configuration, opens no database
    database,  // opens the configured database
};

class DECKHAND_API Command {
  public:
    virtual ~Command();
    Command() = default;
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;

    // kebab-case, checked once by the host ("wait-for-job").
    virtual std::string name() const = 0;
    // One line for `deckhand help`.
    virtual std::string summary() const = 0;
    // What follows the options in the usage line, e.g. "NAME | --selector LABELS"; may be "".
    virtual std::string usage() const { return {}; }
    // A paragraph or more for `deckhand help <command>`, after the options; may be "".
    virtual std::string description() const { return {}; }

    // Declares the options, bound to fields of the command (po::value<T>(&options_.field)), so
    // run() reads fields rather than looking names up. Called once, before run().
    virtual void define_options(boost::program_options::options_description& options) {
        (void)options;
    }
    // Positional arguments, bound by name to options declared above.
    virtual void define_positionals(
        boost::program_options::positional_options_description& positionals) {
        (void)positionals;
    }
    // Called after the options are parsed and before run(): checks values that the types alone
    // cannot (throw UsageError naming the option).
    virtual void validate_options() {}

    virtual Needs needs() const { return Needs::config; }

    // The work. Returns the exit status (0, or 1 when the work failed without an exception).
    virtual int run(Context& context) = 0;
};

}  // namespace deckhand
