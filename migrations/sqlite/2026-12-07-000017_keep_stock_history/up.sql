-- The database's own guard for the stock ledger: a variant whose stock has a history (any
-- movement but tracking starting, a level holding or expecting units, a transfer or purchase
-- order line) cannot be deleted, by the catalog or by hand. The catalog asks inventory first
-- (crate::hooks) and says why; this is the backstop. A trigger rather than ON DELETE RESTRICT:
-- every tracked variant has a zero "tracking started" row that must still go with it.
CREATE TRIGGER variants_keep_stock_history BEFORE DELETE ON variants
WHEN EXISTS (SELECT 1 FROM stock_movements WHERE variant_id = OLD.id AND kind <> 'tracking_started')
  OR EXISTS (SELECT 1 FROM stock_levels WHERE variant_id = OLD.id
             AND (on_hand <> 0 OR committed <> 0 OR incoming <> 0))
  OR EXISTS (SELECT 1 FROM transfer_lines WHERE variant_id = OLD.id)
  OR EXISTS (SELECT 1 FROM purchase_order_lines WHERE variant_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'this variant''s stock has a history; it cannot be deleted');
END;
