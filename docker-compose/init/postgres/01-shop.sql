-- The shop schema of the Streamfirst Connect stack: customers with emails, orders, order lines.
-- Run once by the postgres image on its first start (empty data directory).

CREATE ROLE cdc LOGIN REPLICATION PASSWORD 'cdc';
GRANT CREATE ON DATABASE shop TO cdc;

CREATE TABLE public.customers (
  id         serial PRIMARY KEY,
  name       text NOT NULL,
  email      text NOT NULL,
  country    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.orders (
  id          serial PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES public.customers (id) ON DELETE CASCADE,
  status      text NOT NULL,
  total       numeric(12, 2) NOT NULL,
  placed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.order_lines (
  order_id integer NOT NULL REFERENCES public.orders (id) ON DELETE CASCADE,
  line_no  integer NOT NULL,
  sku      text NOT NULL,
  qty      integer NOT NULL,
  price    numeric(10, 2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

-- Full before-images of updates and deletes; the connector creates its publication as the tables' owner.
ALTER TABLE public.customers REPLICA IDENTITY FULL;
ALTER TABLE public.orders REPLICA IDENTITY FULL;
ALTER TABLE public.order_lines REPLICA IDENTITY FULL;
ALTER TABLE public.customers OWNER TO cdc;
ALTER TABLE public.orders OWNER TO cdc;
ALTER TABLE public.order_lines OWNER TO cdc;

INSERT INTO public.customers (name, email, country) VALUES
  ('Ada Lovelace', 'ada@example.com', 'GB'),
  ('Grace Hopper', 'grace@example.org', 'US'),
  ('Edsger Dijkstra', 'edsger@example.nl', 'NL'),
  ('Barbara Liskov', 'barbara@example.com', 'US'),
  ('Margaret Hamilton', 'margaret@example.com', 'US');

INSERT INTO public.orders (customer_id, status, total) VALUES
  (1, 'paid', 42.50), (2, 'paid', 310.00), (3, 'new', 18.40), (4, 'shipped', 1250.00), (5, 'paid', 180.40);

INSERT INTO public.order_lines (order_id, line_no, sku, qty, price) VALUES
  (1, 1, 'book-001', 1, 42.50),
  (2, 1, 'lamp-010', 2, 155.00),
  (3, 1, 'pen-100', 4, 4.60),
  (4, 1, 'desk-200', 1, 1250.00),
  (5, 1, 'chair-300', 2, 90.20);

-- A load generator: `CALL shop_generate(n)` runs n random changes (inserts, updates, deletes), one transaction
-- each. About one order in 20 gets a negative total, which the orders contract quarantines.
CREATE PROCEDURE public.shop_generate(changes integer, seed double precision DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
  pick double precision;
  new_customer integer;
  new_order integer;
BEGIN
  IF seed IS NOT NULL THEN
    PERFORM setseed(seed);
  END IF;
  FOR i IN 1..changes LOOP
    pick := random();
    IF pick < 0.15 THEN
      INSERT INTO public.customers (name, email, country)
        VALUES ('Customer ' || i, 'customer' || (random() * 1000000)::integer || '@example.com',
                (ARRAY['DE', 'FR', 'GB', 'NL', 'US'])[1 + floor(random() * 5)::integer])
        RETURNING id INTO new_customer;
    ELSIF pick < 0.60 THEN
      SELECT id INTO new_customer FROM public.customers ORDER BY random() LIMIT 1;
      IF new_customer IS NOT NULL THEN
        INSERT INTO public.orders (customer_id, status, total)
          VALUES (new_customer, 'new',
                  CASE WHEN random() < 0.05 THEN -round((random() * 50)::numeric, 2)
                       ELSE round((random() * 500)::numeric, 2) END)
          RETURNING id INTO new_order;
        INSERT INTO public.order_lines (order_id, line_no, sku, qty, price)
          VALUES (new_order, 1, 'sku-' || (random() * 100)::integer, 1 + (random() * 3)::integer,
                  round((random() * 100)::numeric, 2));
      END IF;
    ELSIF pick < 0.85 THEN
      UPDATE public.orders SET status = (ARRAY['paid', 'shipped', 'delivered'])[1 + floor(random() * 3)::integer]
        WHERE id = (SELECT id FROM public.orders ORDER BY random() LIMIT 1);
    ELSIF pick < 0.95 THEN
      UPDATE public.customers SET email = 'changed' || (random() * 1000000)::integer || '@example.net'
        WHERE id = (SELECT id FROM public.customers ORDER BY random() LIMIT 1);
    ELSE
      DELETE FROM public.orders WHERE id = (SELECT id FROM public.orders ORDER BY random() LIMIT 1);
    END IF;
    COMMIT;
  END LOOP;
END;
$$;
