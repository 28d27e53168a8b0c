ALTER TYPE shop.order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'shipped';
