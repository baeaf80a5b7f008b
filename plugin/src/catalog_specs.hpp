// catalog_specs.hpp: paging, window and import rules shared by the catalog's family files, and
// the row builder those files list their endpoints with.
//
// Inline constexpr, so every family file points at the same object and the describe document
// renders each rule once per endpoint that uses it.
#pragma once

#include <span>
#include <string_view>

#include "catalog.hpp"

namespace tts::catalog {

inline constexpr PagingSpec kPage100{};
inline constexpr PagingSpec kPage50{.min_size = 1, .max_size = 50, .default_size = 50};
// Returns search takes 10..50 per the API facts; the host clamps into this range.
inline constexpr PagingSpec kReturnsPaging{.min_size = 10, .max_size = 50, .default_size = 50};
// Product search stops at 10,000 results whatever the paging says.
inline constexpr PagingSpec kProductsPaging{.max_results = 10000};

// A window a search takes in its JSON body, on update and creation time; the cursor is update_time.
constexpr IncrementalSpec body_window(TimeWindowSpec update, TimeWindowSpec create) {
  return {.location = "body", .update = update, .create = create, .cursor_field = "update_time"};
}
// A window a list takes in its query, on one creation-like time only, upper bound exclusive.
constexpr IncrementalSpec query_create_window(std::string_view from, std::string_view to,
                                              std::string_view cursor_field) {
  return {
      .location = "query", .update = {}, .create = {from, to, false}, .cursor_field = cursor_field};
}

inline constexpr IncrementalSpec kBodyWindowExclusive = body_window(
    {"update_time_ge", "update_time_lt", false}, {"create_time_ge", "create_time_lt", false});
// Products use _le: the upper bound is inclusive, so a host must not re-read the boundary second.
inline constexpr IncrementalSpec kProductsWindow = body_window(
    {"update_time_ge", "update_time_le", true}, {"create_time_ge", "create_time_le", true});
inline constexpr IncrementalSpec kStatementsWindow =
    query_create_window("statement_time_ge", "statement_time_lt", "statement_time");
// Payments and withdrawals filter on their creation time, in the query.
inline constexpr IncrementalSpec kQueryCreateWindow =
    query_create_window("create_time_ge", "create_time_lt", "create_time");
inline constexpr IncrementalSpec kUnsettledWindow =
    query_create_window("search_time_ge", "search_time_lt", "order_create_time");

inline constexpr ImportSpec kWrite{};
inline constexpr ImportSpec kWriteWithItemErrors{.item_errors = "/data/errors"};
inline constexpr ImportSpec kIdempotentDecision{.idempotency_param = "idempotency_key",
                                                .idempotency_max_len = 255};
// Create Product takes idempotency_key in the JSON body: a retried create with the same key does
// not list the product twice. Its length limit is not stated; 255 as on the return_refund calls.
inline constexpr ImportSpec kBodyIdempotentCreate{.idempotency_param = "idempotency_key",
                                                  .idempotency_location = "body",
                                                  .idempotency_max_len = 255};

// One catalog row: a verb function (get, post, put, del) names the method, id, path template and
// version; each chained call adds one fact the endpoint has beyond EndpointSpec's defaults. A
// family file is then a list of rows that reads like TikTok's reference index:
//   get("seller.shops", "/seller/{version}/shops", "202309")
//       .no_shop().records("/data/shops", "id").about("Active shops of the seller.")
class EndpointRow {
 public:
  constexpr EndpointRow(std::string_view method, std::string_view id, std::string_view path,
                        std::string_view version)
      : spec_{.id = id, .method = method, .path = path, .version = version} {}

  // The JSON pointer to the records and, where records have one, their natural key field.
  constexpr EndpointRow records(std::string_view pointer, std::string_view key = {}) const {
    return with([&](EndpointSpec& s) {
      s.records = pointer;
      s.key = key;
    });
  }
  constexpr EndpointRow paged(const PagingSpec& paging) const {
    return with([&](EndpointSpec& s) { s.paging = &paging; });
  }
  constexpr EndpointRow windowed(const IncrementalSpec& window) const {
    return with([&](EndpointSpec& s) { s.incremental = &window; });
  }
  constexpr EndpointRow writes(const ImportSpec& import) const {
    return with([&](EndpointSpec& s) { s.import = &import; });
  }
  // The endpoint refuses a shop_cipher (ScopeRule::kForbidden).
  constexpr EndpointRow no_shop() const {
    return with([](EndpointSpec& s) { s.scope = ScopeRule::kForbidden; });
  }
  // The body is multipart/form-data (and therefore not signed).
  constexpr EndpointRow multipart() const {
    return with([](EndpointSpec& s) { s.content_type = "multipart/form-data"; });
  }
  // Query parameters the host always sends with these values.
  constexpr EndpointRow fixed_query(FixedParam first, FixedParam second = {}) const {
    return with([&](EndpointSpec& s) { s.query = {first, second}; });
  }
  // The versions known to be served, oldest first (EndpointSpec::served).
  constexpr EndpointRow served(VersionFact older, VersionFact newer) const {
    return with([&](EndpointSpec& s) { s.served = {older, newer}; });
  }
  constexpr EndpointRow about(std::string_view summary) const {
    return with([&](EndpointSpec& s) { s.summary = summary; });
  }

  constexpr operator EndpointSpec() const { return spec_; }  // NOLINT(google-explicit-constructor)

 private:
  template <typename Change>
  constexpr EndpointRow with(Change change) const {
    EndpointRow copy = *this;
    change(copy.spec_);
    return copy;
  }

  EndpointSpec spec_;
};

// A verb starts a row: get("id", "/path/{version}/...", "version").
struct Verb {
  std::string_view method;
  constexpr EndpointRow operator()(std::string_view id, std::string_view path,
                                   std::string_view version) const {
    return {method, id, path, version};
  }
};
inline constexpr Verb get{"GET"};
inline constexpr Verb post{"POST"};
inline constexpr Verb put{"PUT"};
inline constexpr Verb del{"DELETE"};

// Each family's endpoints, in a stable order. endpoints() concatenates them.
std::span<const EndpointSpec> seller_endpoints();
std::span<const EndpointSpec> order_endpoints();
std::span<const EndpointSpec> product_endpoints();
std::span<const EndpointSpec> global_product_endpoints();
std::span<const EndpointSpec> fulfillment_endpoints();
std::span<const EndpointSpec> logistics_endpoints();
std::span<const EndpointSpec> finance_endpoints();
std::span<const EndpointSpec> return_refund_endpoints();
std::span<const EndpointSpec> event_endpoints();

}  // namespace tts::catalog
