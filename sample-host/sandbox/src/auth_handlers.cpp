// auth_handlers.cpp: the authorize page, token exchange/refresh and the authorized shops list.
#include <charconv>
#include <cstdint>

#include <json_writer/json_writer.hpp>

#include "endpoint_handlers.hpp"
#include "query_string.hpp"
#include "request_signature.hpp"

namespace sandbox {
namespace {

// The scopes every grant of the sandbox's app carries.
constexpr std::string_view kGrantedScopes[] = {
    "seller.authorization.info", "seller.order.info",        "seller.product.basic",
    "seller.product.write",      "seller.fulfillment.basic", "seller.return_refund.basic",
    "seller.finance.info",       "seller.logistics",         "seller.webhook"};

std::string query_or_empty(const ApiRequest& request, std::string_view key) {
  const std::string* v = request.query_value(key);
  return v ? *v : std::string();
}

// The app credentials checks shared by both token calls. Secrets are compared in constant time
// and never echoed.
std::optional<ApiResponse> check_app_credentials(const HandlerContext& ctx,
                                                 std::string_view expected_grant_type) {
  const auto& opts = ctx.state.options;
  const std::string app_key = query_or_empty(ctx.request, "app_key");
  const std::string secret = query_or_empty(ctx.request, "app_secret");
  if (app_key != opts.app_key || !constant_time_equal(secret, opts.app_secret))
    return failure(200, codes::kInvalidParameter, "Invalid app_key or app_secret");
  if (query_or_empty(ctx.request, "grant_type") != expected_grant_type)
    return failure(200, codes::kInvalidParameter,
                   "Invalid grant_type, expected " + std::string(expected_grant_type));
  return std::nullopt;
}

ApiResponse token_answer(const HandlerContext& ctx, const TokenOutcome& outcome) {
  if (outcome.code != 0) return failure(200, outcome.code, outcome.message);
  const TokenGrant& g = *outcome.grant;
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("access_token", g.access_token);
  w.field("access_token_expire_in", g.access_expires_at);
  w.field("refresh_token", g.refresh_token).field("refresh_token_expire_in", g.refresh_expires_at);
  const SellerAccount& seller = ctx.state.tokens.sellers()[g.seller];
  w.field("open_id", g.open_id).field("seller_name", seller.name);
  w.field("seller_base_region", seller.base_region).field("user_type", 0);
  w.key("granted_scopes").begin_array();
  for (auto scope : kGrantedScopes) w.value(scope);
  w.end_array().end_object();
  return envelope(200, codes::kOk, "success", data);
}

}  // namespace

ApiResponse handle_authorize_page(HandlerContext& ctx) {
  const auto& opts = ctx.state.options;
  const std::string* service_id = ctx.request.query_value("service_id");
  if (!service_id || *service_id != opts.service_id)
    return failure(400, codes::kInvalidParameter, "Invalid service_id: the app does not exist");
  const std::string* state = ctx.request.query_value("state");
  std::string location = opts.redirect_url;
  location += location.find('?') == std::string::npos ? '?' : '&';
  if (ctx.state.authorize_behaviour.load() == AuthorizeBehaviour::kApprove) {
    std::optional<size_t> seller;
    if (const std::string* named = ctx.request.query_value("sandbox_seller")) {
      size_t number = 0;
      const char* end = named->data() + named->size();
      const auto parsed = std::from_chars(named->data(), end, number);
      // Not a whole number: out of range, which issue_code refuses.
      seller = parsed.ec == std::errc() && parsed.ptr == end ? number : SIZE_MAX;
    }
    const std::string code = ctx.state.tokens.issue_code(ctx.now, seller);
    if (code.empty())
      return failure(400, codes::kInvalidParameter,
                     "Invalid sandbox_seller: a seller number from 0 to " +
                         std::to_string(ctx.state.tokens.sellers().size() - 1));
    location += "code=" + percent_encode(code);
  } else {
    location += "error=access_denied";
  }
  if (state) location += "&state=" + percent_encode(*state);
  ApiResponse r;
  r.http_status = 302;
  r.location = location;
  r.content_type = "text/html; charset=utf-8";
  r.body = "<html><body>Redirecting to the app.</body></html>";
  return r;
}

ApiResponse handle_token_get(HandlerContext& ctx) {
  if (auto error = check_app_credentials(ctx, "authorized_code")) return *error;
  return token_answer(
      ctx, ctx.state.tokens.exchange_code(query_or_empty(ctx.request, "auth_code"), ctx.now));
}

ApiResponse handle_token_refresh(HandlerContext& ctx) {
  if (auto error = check_app_credentials(ctx, "refresh_token")) return *error;
  return token_answer(
      ctx, ctx.state.tokens.refresh(query_or_empty(ctx.request, "refresh_token"), ctx.now));
}

ApiResponse handle_authorized_shops(HandlerContext& ctx) {
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("shops").begin_array();
  for (const auto& shop : ctx.state.shops) {
    const auto& ids = ctx.grant->shop_ids;
    if (std::find(ids.begin(), ids.end(), shop.info.id) == ids.end() || shop.deauthorized) continue;
    w.begin_object().field("id", shop.info.id).field("name", shop.info.name);
    w.field("region", shop.info.region).field("seller_type", shop.info.seller_type);
    w.field("cipher", shop.info.cipher).field("code", shop.info.code).end_object();
  }
  w.end_array().end_object();
  return success(data);
}

}  // namespace sandbox
