-- The Social Security Fund's contribution accounts (CNAS-style). Amounts are in centimes of DZD,
-- periods are (annee, mois). Keys and indexes are added after the bulk load (indexes.sql).
DROP TABLE IF EXISTS ssf_changes, echeances, echeanciers, majorations, versements, declarations, assures, employeurs CASCADE;
DROP FUNCTION IF EXISTS maj_le_courante() CASCADE;

CREATE TABLE employeurs (
    id_compte               integer     NOT NULL,
    num_employeur           char(10)    NOT NULL,
    num_rc                  varchar(12) NOT NULL,
    raison_sociale          text        NOT NULL,
    code_wilaya             char(2)     NOT NULL,
    date_affiliation        date        NOT NULL,
    date_reprise            date,
    date_cloture            date,
    prelevement_automatique boolean     NOT NULL DEFAULT false,
    maj_le                  timestamptz NOT NULL DEFAULT now()
);

-- Columns ordered widest first so rows pack without alignment padding.
CREATE TABLE declarations (
    masse_salariale bigint      NOT NULL,
    cotisation_due  bigint      NOT NULL,
    maj_le          timestamptz NOT NULL DEFAULT now(),
    id_compte       integer     NOT NULL,
    nb_salaries     integer     NOT NULL,
    date_depot      date        NOT NULL,
    annee           smallint    NOT NULL,
    mois            smallint    NOT NULL CHECK (mois BETWEEN 1 AND 12)
);

CREATE TABLE versements (
    montant         bigint      NOT NULL,
    maj_le          timestamptz NOT NULL DEFAULT now(),
    id_compte       integer     NOT NULL,
    date_versement  date        NOT NULL,
    annee           smallint    NOT NULL,
    mois            smallint    NOT NULL CHECK (mois BETWEEN 1 AND 12),
    num_ordre       smallint    NOT NULL,
    mode_versement  char(1)     NOT NULL
);

CREATE TABLE majorations (
    montant           bigint      NOT NULL,
    maj_le            timestamptz NOT NULL DEFAULT now(),
    id_compte         integer     NOT NULL,
    date_notification date        NOT NULL,
    date_paiement     date,
    annee             smallint    NOT NULL,
    mois              smallint    NOT NULL CHECK (mois BETWEEN 1 AND 12)
);

CREATE TABLE echeanciers (
    montant_total  bigint      NOT NULL,
    maj_le         timestamptz NOT NULL DEFAULT now(),
    num_echeancier integer     NOT NULL,
    id_compte      integer     NOT NULL,
    date_accord    date        NOT NULL,
    annee_debut    smallint    NOT NULL,
    mois_debut     smallint    NOT NULL,
    annee_fin      smallint    NOT NULL,
    mois_fin       smallint    NOT NULL
);

CREATE TABLE echeances (
    montant        bigint      NOT NULL,
    maj_le         timestamptz NOT NULL DEFAULT now(),
    num_echeancier integer     NOT NULL,
    date_echeance  date        NOT NULL,
    date_paiement  date,
    rang           smallint    NOT NULL
);

CREATE TABLE assures (
    num_assure           char(12)    NOT NULL,
    nom                  text        NOT NULL,
    prenom               text        NOT NULL,
    date_naissance       date        NOT NULL,
    sexe                 char(1)     NOT NULL,
    nationalite          char(3)     NOT NULL,
    num_employeur        char(10),
    date_immatriculation date        NOT NULL,
    maj_le               timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION maj_le_courante() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.maj_le := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER employeurs_maj_le BEFORE UPDATE ON employeurs FOR EACH ROW EXECUTE FUNCTION maj_le_courante();
CREATE TRIGGER declarations_maj_le BEFORE UPDATE ON declarations FOR EACH ROW EXECUTE FUNCTION maj_le_courante();
CREATE TRIGGER versements_maj_le BEFORE UPDATE ON versements FOR EACH ROW EXECUTE FUNCTION maj_le_courante();
CREATE TRIGGER majorations_maj_le BEFORE UPDATE ON majorations FOR EACH ROW EXECUTE FUNCTION maj_le_courante();
CREATE TRIGGER echeanciers_maj_le BEFORE UPDATE ON echeanciers FOR EACH ROW EXECUTE FUNCTION maj_le_courante();
CREATE TRIGGER echeances_maj_le BEFORE UPDATE ON echeances FOR EACH ROW EXECUTE FUNCTION maj_le_courante();
CREATE TRIGGER assures_maj_le BEFORE UPDATE ON assures FOR EACH ROW EXECUTE FUNCTION maj_le_courante();

-- The fund's change outbox: one row per employer account a committed change touches, appended by the triggers
-- that changes.sql creates after the bulk load. Followers read it by sequence; the notification wakes them.
CREATE TABLE ssf_changes (
    seq        bigserial   PRIMARY KEY,
    entity     varchar(20) NOT NULL,
    num_rc     varchar(12),
    changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Followers of the old outbox learn that its sequence starts again.
SELECT pg_notify('ssf_changes', 'reset');
