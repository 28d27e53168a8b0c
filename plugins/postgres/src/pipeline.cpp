// query_batch's one round trip: every statement of a batch (and the COMMIT after them, when
// asked) sent in libpq's pipeline mode (the extended protocol's messages back to back, one Sync
// at the end), then every answer read.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connection.hpp"
#include "deckhand/ascii.hpp"
#include "deckhand/script/sql_lexer.hpp"
#include "errors.hpp"
#include "params.hpp"

namespace deckhand::postgres {
namespace {

// Pipeline mode for the length of one batch. The normal way out is finish(); when anything
// throws first, the destructor sends the Sync if it is still owed and reads every answer up to
// it (libpq refuses to leave pipeline mode with answers pending), so that the connection is
// back in ordinary mode for the caller's rollback.
class PipelineMode {
  public:
    explicit PipelineMode(PGconn* connection) : connection_(connection) {
        if (PQenterPipelineMode(connection_) != 1) {
            throw error_from_connection(connection_);
        }
    }
    ~PipelineMode() {
        if (finished_ || PQpipelineStatus(connection_) == PQ_PIPELINE_OFF) {
            return;
        }
        if (!synced_ && PQpipelineSync(connection_) != 1) {
            return;  // the connection is gone; nothing more can be read from it
        }
        try {
            finish();
        } catch (...) {
            // The error that brought us here is the one worth reporting.
        }
    }
    PipelineMode(const PipelineMode&) = delete;
    PipelineMode& operator=(const PipelineMode&) = delete;

    void sync() {
        if (PQpipelineSync(connection_) != 1) {
            throw error_from_connection(connection_);
        }
        synced_ = true;
    }

    // Reads what is left up to the Sync's answer, then leaves pipeline mode.
    void finish() {
        finished_ = true;
        // Each statement's answers end with one null, so two in a row mean nothing is left to
        // read (a broken connection answers nothing more either).
        int nulls_in_a_row = 0;
        while (PQstatus(connection_) == CONNECTION_OK && nulls_in_a_row < 2) {
            PGresult* result = PQgetResult(connection_);
            if (result == nullptr) {
                ++nulls_in_a_row;
                continue;
            }
            nulls_in_a_row = 0;
            const bool sync_reached = PQresultStatus(result) == PGRES_PIPELINE_SYNC;
            PQclear(result);
            if (sync_reached) {
                break;
            }
        }
        if (PQexitPipelineMode(connection_) != 1) {
            throw error_from_connection(connection_);
        }
    }

  private:
    PGconn* connection_;
    bool synced_ = false;
    bool finished_ = false;
};

const std::string commit_sql = "COMMIT";

// Where the statement starts with the word COPY, past white space and comments (read by the
// SDK's lexer, nested comments and all): libpq's pipeline mode has no COPY, and drops the
// connection when the server answers one with CopyInResponse or CopyOutResponse.
std::optional<std::size_t> copy_keyword_at(std::string_view sql) {
    script::SqlLexer lexer(sql, script::SqlDialect::postgres);
    script::Token token;
    while (lexer.next(token)) {
        if (token.significant()) {
            return token.kind == script::TokenKind::word &&
                           ascii_lower(lexer.text_of(token)) == "copy"
                       ? std::optional(token.offset)
                       : std::nullopt;
        }
    }
    return std::nullopt;
}

// One message sent in the pipeline, in the order its answer comes back.
struct SentCommand {
    enum class Kind { statement, prepare, commit };
    Kind kind;
    const std::string* sql;
    StatementCache::Entry* entry;  // the statement's cache entry, when it runs prepared
    std::string prepared_name;     // for a Prepare: the name the entry gets when it succeeds
};

}  // namespace

ResultPtr PostgresConnection::run_pipelined(const std::vector<db::BatchQuery>& queries,
                                            bool commit) {
    // Every text checked before anything is sent: a refusal half-way would leave the statements
    // already queued to run when the pipeline is synced on the way out.
    for (const db::BatchQuery& query : queries) {
        whole_sql(*query.sql);
        if (const auto copy = copy_keyword_at(*query.sql)) {
            throw db::DatabaseError(
                "COPY cannot run in a batch (libpq's pipeline mode has no COPY); run it on its own",
                "0A000", *copy);
        }
    }
    PGconn* connection = handle();
    PipelineMode pipeline(connection);
    std::vector<SentCommand> sent;
    sent.reserve(queries.size() * 2 + 1);
    for (const db::BatchQuery& query : queries) {
        const std::string& sql = *query.sql;
        const char* text = sql.c_str();
        const TextParams params(*query.params);
        StatementCache::Entry* entry = statements_.use(sql);
        if (entry == nullptr) {
            send_or_throw(PQsendQueryParams(connection, text, params.count(), nullptr,
                                            params.values(), nullptr, nullptr, 0));
            sent.push_back({SentCommand::Kind::statement, &sql, nullptr, {}});
            continue;
        }
        std::string name = entry->name;
        if (name.empty()) {
            name = statements_.new_name();
            send_or_throw(PQsendPrepare(connection, name.c_str(), text, 0, nullptr));
            sent.push_back({SentCommand::Kind::prepare, &sql, entry, name});
        }
        send_or_throw(PQsendQueryPrepared(connection, name.c_str(), params.count(), params.values(),
                                          nullptr, nullptr, 0));
        sent.push_back({SentCommand::Kind::statement, &sql, entry, {}});
    }
    if (commit) {
        // Unnamed: a prepared COMMIT would save the server nothing worth a cache entry.
        send_or_throw(PQsendQueryParams(connection, commit_sql.c_str(), 0, nullptr, nullptr,
                                        nullptr, nullptr, 0));
        sent.push_back({SentCommand::Kind::commit, &commit_sql, nullptr, {}});
    }
    pipeline.sync();

    // After the first error the server skips everything up to the Sync (PGRES_PIPELINE_ABORTED,
    // which collect() also reports as an error): the first one is the one to throw.
    std::optional<db::DatabaseError> error;
    ResultPtr last;
    // A statement of the batch that drops every prepared statement (DEALLOCATE ALL) empties the
    // cache, and with it the entries `sent` points to.
    const unsigned long generation = statements_.generation();
    for (const SentCommand& command : sent) {
        try {
            ResultPtr result = collect(*command.sql);
            if (command.kind == SentCommand::Kind::prepare) {
                if (statements_.generation() == generation) {
                    command.entry->name = command.prepared_name;
                }
            } else if (command.kind == SentCommand::Kind::statement) {
                last = std::move(result);
            }
        } catch (const db::DatabaseError& caught) {
            if (!error) {
                error = caught;
            }
        }
    }
    if (error) {
        // A name the server no longer knows (dropped where no command tag showed it) or a plan
        // that no longer fits: forget every prepared statement of the batch, so that one retry
        // prepares them all afresh.
        if (stale_prepared_statement(*error)) {
            for (const SentCommand& command : sent) {
                if (command.entry != nullptr) {
                    statements_.forget(*command.sql);
                }
            }
        }
        throw *error;  // the destructor reads the Sync's answer and leaves pipeline mode
    }
    pipeline.finish();
    return last;
}

}  // namespace deckhand::postgres
