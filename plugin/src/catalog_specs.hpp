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

// One catalog row is one call: a verb (get, post, put, del) with the endpoint's id, path template,
// version and summary, then a facet for each fact it has beyond EndpointSpec's defaults:
//   get("seller.shops", "/seller/{version}/shops", "202309", "Active shops of the seller.",
//       kNoShop, records("/data/shops", "id")),
// A facet is a function that writes its fact into the spec the verb builds.

// The JSON pointer to the records and, where records have one, their natural key field.
constexpr auto records(std::string_view pointer, std::string_view key = {}) {
  return [=](EndpointSpec& spec) {
    spec.records = pointer;
    spec.key = key;
  };
}
constexpr auto paged(const PagingSpec& paging) {
  return [&paging](EndpointSpec& spec) { spec.paging = &paging; };
}
// The time window an export filters on (what makes it incremental).
constexpr auto windowed(const IncrementalSpec& window) {
  return [&window](EndpointSpec& spec) { spec.incremental = &window; };
}
// The endpoint is a write an import may call, by these rules.
constexpr auto writes(const ImportSpec& import) {
  return [&import](EndpointSpec& spec) { spec.import = &import; };
}
// Query parameters the host always sends with these values.
constexpr auto fixed_query(FixedParam first, FixedParam second = {}) {
  return [=](EndpointSpec& spec) { spec.query = {first, second}; };
}
// The versions known to be served, oldest first (EndpointSpec::served).
constexpr auto served(VersionFact older, VersionFact newer) {
  return [=](EndpointSpec& spec) { spec.served = {older, newer}; };
}
// The endpoint needs another OAuth scope than its family's (EndpointSpec::oauth_scope).
constexpr auto needs(std::string_view oauth_scope) {
  return [=](EndpointSpec& spec) { spec.oauth_scope = oauth_scope; };
}
// The endpoint refuses a shop_cipher (ScopeRule::kForbidden).
inline constexpr auto kNoShop = [](EndpointSpec& spec) { spec.scope = ScopeRule::kForbidden; };
// The body is multipart/form-data (and therefore not signed).
inline constexpr auto kMultipart = [](EndpointSpec& spec) {
  spec.content_type = "multipart/form-data";
};

struct Verb {
  std::string_view method;

  template <typename... Facets>
  constexpr EndpointSpec operator()(std::string_view id, std::string_view path,
                                    std::string_view version, std::string_view summary,
                                    const Facets&... facets) const {
    EndpointSpec spec{
        .id = id, .method = method, .path = path, .version = version, .summary = summary};
    (facets(spec), ...);
    return spec;
  }
};
// Named as the HTTP verbs, not kGet..., so that each row reads as the request it describes.
inline constexpr Verb get{"GET"};     // NOLINT(readability-identifier-naming)
inline constexpr Verb post{"POST"};   // NOLINT(readability-identifier-naming)
inline constexpr Verb put{"PUT"};     // NOLINT(readability-identifier-naming)
inline constexpr Verb del{"DELETE"};  // NOLINT(readability-identifier-naming)

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
