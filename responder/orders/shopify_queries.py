"""The GraphQL Admin API documents ShopifyOrders sends (API version pinned in OrdersConfig).

Only what the policy reads is asked for. Shopify prices a query before running it: each
object 1 point, a connection 2 + `first` x its node, and refuses one above 1,000
(MAX_COST_EXCEEDED). An order here costs about 95 points (20 line items, 3 shipments), so
a page holds 8 orders (about 760); the bucket then refills at 100 points a second.
"""

from __future__ import annotations

ORDER_FIELDS = """
fragment OrderFields on Order {
  name email createdAt cancelledAt
  displayFinancialStatus displayFulfillmentStatus
  totalPriceSet { shopMoney { amount currencyCode } }
  totalWeight
  customer { email firstName lastName }
  shippingAddress { name address1 address2 city zip province country }
  billingAddress { name }
  disputes { id status initiatedAs }
  fulfillments(first: 3) {
    status displayStatus createdAt deliveredAt estimatedDeliveryAt
    trackingInfo(first: 1) { company number url }
  }
  lineItems(first: 20) {
    nodes {
      sku name quantity
      originalUnitPriceSet { shopMoney { amount currencyCode } }
      customAttributes { key value }
    }
  }
}
"""

ORDERS = (
    """
query Orders($query: String!, $first: Int!, $after: String) {
  orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT, reverse: true) {
    pageInfo { hasNextPage endCursor }
    nodes { ...OrderFields }
  }
}
"""
    + ORDER_FIELDS
)

CUSTOMERS = """
query Customers($query: String!) {
  customers(first: 5, query: $query) {
    nodes {
      email firstName lastName tags numberOfOrders
      amountSpent { amount currencyCode }
    }
  }
}
"""

SCOPES = """
query Scopes {
  currentAppInstallation { accessScopes { handle } }
}
"""

REQUIRED_SCOPES = {
    "read_orders": "orders, payment status and disputes",
    "read_customers": "customers, their tags and lifetime value",
    "read_fulfillments": "shipments and tracking numbers",
}
"""Access scope -> what the responder cannot see without it (for check-config)."""


def search_value(text: str) -> str:
    """`text` quoted for Shopify's search syntax (quotes and backslashes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
