-- What a demand must carry by law, for block management in England and
-- Wales:
--
-- charge_types.kind says what a charge is in law: a service charge
--   (LTA 1985 s18, which a demand must accompany with the summary of
--   rights and obligations, s21B), an administration charge (CLRA 2002
--   Sch 11, likewise with its own summary), ground rent (CLRA 2002
--   s166), rent under a tenancy, or other.
-- sites.nation is where a block is: the summaries prescribed for England
--   and for Wales differ.
-- demand_summaries holds the prescribed wording, which the organisation
--   supplies (pasted from the regulations), by kind of charge and nation.

-- +goose Up
ALTER TABLE charge_types ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('service_charge', 'administration_charge', 'ground_rent', 'rent', 'other'));
UPDATE charge_types SET kind = CASE
    WHEN treatment = 'client_money' THEN 'rent'
    WHEN lower(name) LIKE '%ground rent%' THEN 'ground_rent'
    WHEN lower(name) LIKE '%admin%' THEN 'administration_charge'
    WHEN lower(name) LIKE '%service charge%' OR lower(name) LIKE '%reserve%' OR lower(name) LIKE '%sinking%'
      OR lower(name) LIKE '%major works%' THEN 'service_charge'
    ELSE 'other' END;

ALTER TABLE sites ADD COLUMN nation TEXT NOT NULL DEFAULT 'england' CHECK (nation IN ('england', 'wales'));

CREATE TABLE demand_summaries (
    kind       TEXT NOT NULL CHECK (kind IN ('service_charge', 'administration_charge')),
    nation     TEXT NOT NULL CHECK (nation IN ('england', 'wales')),
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, nation)
);

-- +goose Down
DROP TABLE demand_summaries;
ALTER TABLE sites DROP COLUMN nation;
ALTER TABLE charge_types DROP COLUMN kind;
