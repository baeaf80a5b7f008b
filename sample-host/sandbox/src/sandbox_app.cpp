// sandbox_app.cpp: the request pipeline.
#include "sandbox_app.hpp"

#include <ctime>

#include "request_verifier.hpp"
#include "router.hpp"
#include "seed_data.hpp"
#include "webhook_admin.hpp"

namespace sandbox {
namespace {

constexpr std::string_view kStatsPath = "/__sandbox/stats";
constexpr std::size_t kMaxIdempotencyKey = 255;

// What the rate limit answers when a bucket is empty. The injected 429 answers the same (status,
// envelope, no Retry-After header, as the limit sends none), so a client cannot tell them apart.
ApiResponse rate_limited_answer() {
  return failure(429, codes::kTooManyRequests, "Too many requests, please retry later");
}

ApiResponse fault_answer(FaultKind kind) {
  switch (kind) {
    case FaultKind::kHttp503:
      return failure(503, codes::kInternalError, "Service is busy, please retry later");
    case FaultKind::kHttp429:
      return rate_limited_answer();
    case FaultKind::kHttp500:
      return failure(500, codes::kInternalError, "Internal server error");
    default:
      return failure(200, codes::kInternalError, "Internal error, please retry");
  }
}

}  // namespace

SandboxApp::SandboxApp(const SandboxOptions& options) : faults_(options.faults) {
  SeededWorld world = seed_world(options);
  state_ = std::make_unique<SandboxState>(
      options, std::move(world.shops), std::move(world.tokens),
      options.clock ? options.clock() : static_cast<std::int64_t>(std::time(nullptr)));
  webhooks_ = std::make_unique<WebhookDispatcher>(state_->options);
}

SandboxStats SandboxApp::stats() const {
  SandboxStats out = counters_.snapshot();
  out.webhooks = webhooks_->stats();
  std::lock_guard lock(state_->mutex);
  for (auto& [id, counts] : out.shops) {
    if (const ShopData* shop = state_->shop_by_id(id)) {
      counts.seller = shop->info.seller;
      counts.rate_limit_per_second = shop->info.rate_limit_per_second;
    }
  }
  return out;
}

Dispatch SandboxApp::handle(const ApiRequest& request) {
  Dispatch out;
  if (request.path == kStatsPath && request.method == "GET") {
    out.response.body = stats().to_json();
    return out;
  }
  if (auto admin = handle_webhook_admin(request, *state_, *webhooks_)) {
    out.response = std::move(*admin);
    return out;
  }
  auto matched = match_route(request.method, request.path, state_->options.accepted_versions);
  std::string_view endpoint;
  ShopCall shop;
  if (auto* error = std::get_if<ApiResponse>(&matched)) {
    out.response = std::move(*error);
  } else {
    const RouteMatch& match = std::get<RouteMatch>(matched);
    endpoint = match.route->name;
    if (match.route->gate == Gate::kSignedApi) {
      out.response = handle_signed(match, request, &out.fault, &shop);
    } else {
      out.response = run_handler(match, request, nullptr, nullptr, "", "");
    }
  }
  counters_.record_answer(out.response.code, endpoint, shop);
  return out;
}

ApiResponse SandboxApp::handle_signed(const RouteMatch& match, const ApiRequest& request,
                                      FaultPlan* fault, ShopCall* shop_call) {
  ShopData* shop = nullptr;
  const TokenGrant* grant = nullptr;
  {
    std::lock_guard lock(state_->mutex);
    auto verified = verify_signed_request(request, *match.route, *state_, state_->now());
    if (auto* error = std::get_if<ApiResponse>(&verified)) return std::move(*error);
    shop = std::get<VerifiedCaller>(verified).shop;
    grant = std::get<VerifiedCaller>(verified).grant;
  }
  const std::string shop_id = shop ? shop->info.id : std::string();
  shop_call->shop_id = shop_id;
  const std::string limit_key =
      state_->options.app_key + "|" + shop_id + "|" + std::string(match.route->name);
  const double limit =
      shop ? shop->info.rate_limit_per_second : state_->options.rate_limit_per_second;
  if (!rate_limiter_.try_acquire(limit_key, limit)) {
    shop_call->rate_limited = true;
    return rate_limited_answer();
  }

  *fault = faults_.draw();
  if (fault->latency_ms > 0) counters_.record_fault("latency");
  counters_.record_fault_draw(fault_name(fault->kind));
  if (fault->kind == FaultKind::kHttp503 || fault->kind == FaultKind::kHttp429 ||
      fault->kind == FaultKind::kHttp500 || fault->kind == FaultKind::kInternalError) {
    const FaultKind kind = fault->kind;
    fault->kind = FaultKind::kNone;
    return fault_answer(kind);
  }

  std::string idempotency_key;
  std::string ledger_key;
  if (match.route->is_write) {
    if (const std::string* key = request.query_value("idempotency_key")) {
      if (key->empty() || key->size() > kMaxIdempotencyKey)
        return failure(400, codes::kInvalidParameter, "idempotency_key must be 1-255 characters");
      idempotency_key = *key;
      ledger_key = limit_key + "|" + request.path + "|" + *key;
    }
  }
  return run_handler(match, request, shop, grant, ledger_key, idempotency_key);
}

ApiResponse SandboxApp::run_handler(const RouteMatch& match, const ApiRequest& request,
                                    ShopData* shop, const TokenGrant* grant,
                                    const std::string& ledger_key,
                                    const std::string& idempotency_key) {
  std::lock_guard lock(state_->mutex);
  if (!ledger_key.empty()) {
    auto it = state_->ledger.answers.find(ledger_key);
    if (it != state_->ledger.answers.end()) {
      counters_.record_replay();
      return it->second;
    }
  }
  HandlerContext ctx{request,       *state_,       shop, grant, match.path_params,
                     match.version, state_->now(), {},   {}};
  ApiResponse response = match.route->handler(ctx);
  counters_.record_writes(ctx.writes, idempotency_key);
  if (shop && response.code == codes::kOk) publish_events(*shop, ctx.events, ctx.now, *webhooks_);
  if (!ledger_key.empty() && response.code == codes::kOk)
    state_->ledger.answers[ledger_key] = response;
  return response;
}

}  // namespace sandbox
