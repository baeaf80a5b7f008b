// database_clock.hpp: "now" by the state database's clock, as SQL to put in a statement.
//
// Rows that several machines judge by time (heartbeats, leases, expiries) are written and compared
// on one clock, the database's: PostgreSQL's server clock (so the machines' own clocks do not
// matter), or for SQLite, which only one machine opens, that machine's.
#pragma once

#include <string>

#include "store/database.hpp"

namespace host::store {

// An SQL expression: the current time in unix seconds (rounded down), resp. milliseconds.
std::string database_now_seconds(const Database& db);
std::string database_now_ms(const Database& db);

}  // namespace host::store
